package io.marketbus.testkit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A fresh schema in the real PostgreSQL the tests share ({@link TestPostgres}: a given URL, the
 * server on 127.0.0.1:5432, or an embedded one), standing for one service's own database; dropped
 * on close.
 */
public final class TestDatabase implements AutoCloseable {

    /** The shared server's JDBC URL and user; reading them finds or starts the server. */
    public static final String URL = TestPostgres.shared().url();
    public static final String USER = TestPostgres.shared().user();

    private final String schema;
    private final HikariDataSource dataSource;

    private TestDatabase(String name) throws Exception {
        this.schema = ("t_" + name + "_" + UUID.randomUUID().toString().substring(0, 8)).replace('-', '_');
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        config.setUsername(USER);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1); // many fixtures share one server's 100 connections
        config.setPoolName(schema);
        this.dataSource = new HikariDataSource(config);
    }

    public static TestDatabase create(String name) throws Exception {
        return new TestDatabase(name);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** JDBC URL of this schema, for a Spring application under test ({@code spring.datasource.url}). */
    public String jdbcUrl() {
        return dataSource.getJdbcUrl();
    }

    public String user() {
        return USER;
    }

    public String schema() {
        return schema;
    }

    @Override
    public void close() throws Exception {
        dataSource.close();
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("drop schema " + schema + " cascade");
        }
    }
}
