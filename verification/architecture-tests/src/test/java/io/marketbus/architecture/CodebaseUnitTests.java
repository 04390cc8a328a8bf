package io.marketbus.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build is read from the root pom, and a module without its compiled classes stops the check. */
class CodebaseUnitTests {

    @TempDir
    Path root;

    @Test
    void theModulesAreTheLiveEntriesOfTheRootPom() throws Exception {
        Files.writeString(root.resolve("pom.xml"), """
                <project><modules>
                  <module>platform/contract</module>
                  <!-- <module>services/retired</module> -->
                  <module> services/order </module>
                </modules></project>
                """);

        assertThat(Codebase.modulesOf(root.resolve("pom.xml"))).containsExactly("platform/contract", "services/order");
    }

    @Test
    void aModuleWhoseSourcesWereNotCompiledStopsTheCheck() throws Exception {
        Files.writeString(root.resolve("pom.xml"), "<project><modules><module>services/order</module></modules></project>");
        Path sources = Files.createDirectories(root.resolve("services/order/src/main/java/io/marketbus/orders"));
        Files.writeString(sources.resolve("Orders.java"), "package io.marketbus.orders; class Orders {}");

        assertThatThrownBy(() -> Codebase.ofBuild(root))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("services/order (main) is not compiled");
    }

    @Test
    void aClassLeftBehindByADeletedSourceIsNoPartOfTheCode() throws Exception {
        Files.writeString(root.resolve("pom.xml"), "<project><modules><module>services/order</module></modules></project>");
        Path classes = Files.createDirectories(root.resolve("services/order/target/classes/io/marketbus/architecture"));
        Files.createDirectories(root.resolve("services/order/src/main/java/io/marketbus/architecture"));
        String file = Layer.class.getName().replace('.', '/') + ".class";
        try (var compiled = Layer.class.getClassLoader().getResourceAsStream(file)) {
            Files.copy(compiled, classes.resolve("Layer.class"));
        }

        assertThat(Codebase.ofBuild(root).classes()).isEmpty();

        Files.writeString(root.resolve("services/order/src/main/java/io/marketbus/architecture/Layer.java"), "");
        assertThat(Codebase.ofBuild(root).classes()).extracting(JavaClass::getName).containsExactly(Layer.class.getName());
    }

    @Test
    void aModuleInNoKnownLayerStopsTheCheck() {
        assertThatThrownBy(() -> Layer.ofModule("tools/generator")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Layer.ofModule("launcher")).isEqualTo(Layer.LAUNCHER);
    }
}
