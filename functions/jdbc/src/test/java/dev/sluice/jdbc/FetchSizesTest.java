package dev.sluice.jdbc;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.model.Engine;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fetch sizes from the catalog's row size, on the local PostgreSQL: a table that was just loaded and never
 * analysed has no estimate (reltuples is -1), and must get the default rather than one row per round trip.
 */
class FetchSizesTest {

    @Test
    void aTableWithoutStatisticsGetsTheDefaultAndAnAnalysedOneItsEstimate() throws Exception {
        ConnectionUrl pg = ConnectionUrl.parse("postgresql://postgres@127.0.0.1:5432/postgres");
        try (Connection c = Jdbc.connect(pg); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS sluice_fetch_sizes CASCADE");
            st.execute("CREATE SCHEMA sluice_fetch_sizes");
            try {
                st.execute("CREATE TABLE sluice_fetch_sizes.wide (id int PRIMARY KEY, pad text)");
                st.execute("INSERT INTO sluice_fetch_sizes.wide SELECT g, repeat('x', 2000) FROM generate_series(1, 20000) g");
                assertEquals(FetchSizes.POSTGRES_MAX, FetchSizes.rows(c, Engine.POSTGRESQL, "sluice_fetch_sizes", "wide"),
                        "never analysed: the default, not 16 MiB / the whole table");
                st.execute("ANALYZE sluice_fetch_sizes.wide");
                int rows = FetchSizes.rows(c, Engine.POSTGRESQL, "sluice_fetch_sizes", "wide");
                assertTrue(rows > 1 && rows <= FetchSizes.POSTGRES_MAX, "analysed: from the row size, got " + rows);
                st.execute("CREATE TABLE sluice_fetch_sizes.fat (id int PRIMARY KEY, b bytea)");
                st.execute("ALTER TABLE sluice_fetch_sizes.fat ALTER COLUMN b SET STORAGE EXTERNAL");
                st.execute("INSERT INTO sluice_fetch_sizes.fat SELECT g, decode(repeat('ab', 4 * 1024 * 1024), 'hex')"
                        + " FROM generate_series(1, 12) g");
                st.execute("ANALYZE sluice_fetch_sizes.fat");
                assertTrue(FetchSizes.rows(c, Engine.POSTGRESQL, "sluice_fetch_sizes", "fat") <= 4,
                        "4 MiB rows: a handful per fetch");
            } finally {
                st.execute("DROP SCHEMA sluice_fetch_sizes CASCADE");
            }
        }
    }
}
