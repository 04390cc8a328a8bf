package io.marketbus.support.web;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A table as the pages of a list, newest first ({@code created_at desc, id desc}), of the rows the
 * caller may see: the query behind a service's {@code GET} of a collection. The page and its total
 * are two statements, so a row committed in between may be counted and not listed, or the reverse.
 *
 * @param <T> what a row is
 */
public final class Listing<T> {

    private final JdbcClient jdbc;
    private final String table;
    private final String columns;
    private final RowMapper<T> row;

    /**
     * @param table   the table, with columns {@code id} and {@code created_at}
     * @param columns what {@code row} reads, e.g. {@code "id, name, created_at"}
     */
    public Listing(JdbcClient jdbc, String table, String columns, RowMapper<T> row) {
        this.jdbc = jdbc;
        this.table = table;
        this.columns = columns;
        this.row = row;
    }

    /** A page of the visible rows; nothing visible is an empty page without asking the database. */
    public Page<T> page(VisibleRows<?> visible, PageRequest page) {
        return page(visible, Map.of(), page);
    }

    /**
     * A page of the visible rows whose columns equal the values given.
     *
     * @param equal column names and the values they must have
     */
    public Page<T> page(VisibleRows<?> visible, Map<String, ?> equal, PageRequest page) {
        if (visible.none()) {
            return page.empty();
        }
        String where = visible.where(equal.keySet().stream().map(column -> column + " = :" + column)
                .toArray(String[]::new));
        List<T> items = bind(visible, equal, "select " + columns + " from " + table + " " + where
                        + " order by created_at desc, id desc offset :offset rows fetch first :size rows only")
                .param("offset", page.offset()).param("size", page.size())
                .query(row).list();
        long total = bind(visible, equal, "select count(*) from " + table + " " + where).query(Long.class).single();
        return page.of(items, total);
    }

    private JdbcClient.StatementSpec bind(VisibleRows<?> visible, Map<String, ?> equal, String sql) {
        JdbcClient.StatementSpec statement = visible.bind(jdbc.sql(sql));
        for (Map.Entry<String, ?> condition : equal.entrySet()) {
            statement = statement.param(condition.getKey(), condition.getValue());
        }
        return statement;
    }
}
