package dev.sluice.jdbc;

import dev.sluice.core.config.ConnectionUrl;
import dev.sluice.core.model.Engine;
import dev.sluice.core.types.Conversion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * UTC timestamps bound for a PostgreSQL timestamptz (the change and INSERT paths) are read as COPY reads them:
 * a BC timestamp keeps its era after the offset, infinity takes no offset.
 */
class ValueBinderTest {

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-29 23:59:59.123456", "0044-03-15 12:00:00 BC", "infinity", "-infinity"})
    void utcTimestampsBindAsPostgresqlReadsThem(String utc) throws Exception {
        try (Connection c = Jdbc.connect(ConnectionUrl.parse("postgresql://postgres@127.0.0.1:5432/postgres"));
             PreparedStatement ps = c.prepareStatement("SELECT (?::timestamptz AT TIME ZONE 'UTC')::text,"
                     + " (?::timestamp)::text")) {
            ValueBinder.bindReplacement(ps, 1, utc, false, Conversion.UTC_OFFSET, Engine.POSTGRESQL);
            ps.setString(2, utc);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(rs.getString(2), rs.getString(1), "the same instant as the UTC text " + utc);
            }
        }
    }
}
