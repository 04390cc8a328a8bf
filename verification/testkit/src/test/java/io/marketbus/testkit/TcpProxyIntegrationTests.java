package io.marketbus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TcpProxyIntegrationTests {

    @Test
    void aCutDropsOpenConnectionsAndRefusesNewOnesUntilRestored() throws Exception {
        TestPostgres server = TestPostgres.shared();
        URI uri = URI.create(server.url().substring("jdbc:".length()));
        try (TcpProxy proxy = TcpProxy.to(uri.getHost(), uri.getPort())) {
            String viaProxy = server.url().replace(":" + uri.getPort() + "/", ":" + proxy.port() + "/");
            try (Connection before = DriverManager.getConnection(viaProxy, server.user(), "")) {
                assertThat(selectOne(before)).isEqualTo(1);

                proxy.cut();

                assertThat(proxy.isCut()).isTrue();
                assertThatThrownBy(() -> selectOne(before)).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> DriverManager.getConnection(viaProxy, server.user(), "")).isInstanceOf(SQLException.class);
            }

            proxy.restore();

            try (Connection after = DriverManager.getConnection(viaProxy, server.user(), "")) {
                assertThat(selectOne(after)).isEqualTo(1);
            }
        }
    }

    private static int selectOne(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery("select 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
