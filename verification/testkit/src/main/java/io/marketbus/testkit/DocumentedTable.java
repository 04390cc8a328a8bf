package io.marketbus.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The first Markdown table under a heading of a file in {@code docs/} (or the README), so a test
 * can hold the documented facts - meters, ports, properties, modules - against the code.
 */
public record DocumentedTable(Path file, String heading, List<List<String>> rows) {

    /** The repository root, found from a module's working directory (Maven runs tests there). */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (a folder with mvnw) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Whether the file has a table right under the first heading starting with {@code headingPrefix}. */
    public static boolean exists(String relativeFile, String headingPrefix) {
        try {
            read(relativeFile, headingPrefix);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The table under the first heading that starts with {@code headingPrefix}, header row excluded. */
    public static DocumentedTable read(String relativeFile, String headingPrefix) {
        Path file = repositoryRoot().resolve(relativeFile);
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int at = 0;
        while (at < lines.size() && !(lines.get(at).startsWith("#") && lines.get(at).replaceFirst("^#+\\s*", "").startsWith(headingPrefix))) {
            at++;
        }
        if (at == lines.size()) {
            throw new IllegalArgumentException(file + " has no heading starting with '" + headingPrefix + "'");
        }
        at++;
        while (at < lines.size() && !lines.get(at).startsWith("|") && !lines.get(at).startsWith("#")) {
            at++; // prose between the heading and its table; the next heading ends the search
        }
        List<List<String>> rows = new ArrayList<>();
        for (int row = at + 2; row < lines.size() && lines.get(at).startsWith("|") && lines.get(row).startsWith("|"); row++) { // header, separator
            rows.add(cells(lines.get(row)));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + " has no table under '" + headingPrefix + "'");
        }
        return new DocumentedTable(file, headingPrefix, List.copyOf(rows));
    }

    /** The cells of one row, trimmed; an escaped pipe ({@code \|}) stays inside its cell. */
    static List<String> cells(String line) {
        String body = line.strip().replaceAll("^\\|", "").replaceAll("\\|$", "");
        return Arrays.stream(body.split("(?<!\\\\)\\|", -1)).map(c -> c.strip().replace("\\|", "|")).toList();
    }

    /** The {@code `code`} spans of a cell, in order: names written as code are the checkable facts. */
    public static List<String> codeSpans(String cell) {
        List<String> spans = new ArrayList<>();
        var matcher = java.util.regex.Pattern.compile("`([^`]+)`").matcher(cell);
        while (matcher.find()) {
            spans.add(matcher.group(1));
        }
        return spans;
    }

    public List<String> column(int index) {
        return rows.stream().map(r -> index < r.size() ? r.get(index) : "").toList();
    }
}
