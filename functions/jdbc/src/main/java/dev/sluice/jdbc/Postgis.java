package dev.sluice.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Whether a PostgreSQL database has PostGIS. Sluice uses it when it is installed in the target database and
 * never installs it there itself ({@code CREATE EXTENSION} needs privileges and changes the user's database).
 */
public final class Postgis {
    /** PostGIS in a database: installed there, available on the server but not installed, or absent. */
    public enum State { INSTALLED, AVAILABLE, ABSENT }

    private Postgis() {
    }

    public static State in(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname ="
                + " 'postgis'), EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1) ? State.INSTALLED : rs.getBoolean(2) ? State.AVAILABLE : State.ABSENT;
        }
    }
}
