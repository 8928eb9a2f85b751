package dev.sluice.core.port;

/**
 * Names on the event hub for one Sluice stream: one hub stream {@code SLUICE_<id>} holding a data subject
 * per table ({@code sluice.<id>.data.<n>}, n = the table's position in the structure, since table names
 * may hold characters subjects cannot) and a control subject; plus an unstored status subject.
 */
public final class Subjects {
    private Subjects() {
    }

    public static String hubStream(String streamId) {
        return "SLUICE_" + streamId;
    }

    public static String data(String streamId, int tableOrdinal) {
        return "sluice." + streamId + ".data." + tableOrdinal;
    }

    public static String allData(String streamId) {
        return "sluice." + streamId + ".data.*";
    }

    public static String control(String streamId) {
        return "sluice." + streamId + ".ctl";
    }

    /** The hub stream id of the CDC events of a stream ({@code SLUICE_<id>_CDC}, written by Debezium Server). */
    public static String cdcStreamId(String streamId) {
        return streamId + "_CDC";
    }

    /** All change events of a stream: {@code sluice.<id>.cdc.<schema-or-database>.<table>}. */
    public static String cdc(String streamId) {
        return "sluice." + streamId + ".cdc.>";
    }

    /**
     * Requests to a running {@code sluice replicate} (PAUSE, RESUME, STATE; JSON control messages answered with
     * its state). A level below {@link #control}, so that the convert hub stream, which stores {@code .ctl},
     * neither stores nor answers them: they are core NATS requests, meant only for a process that is running.
     */
    public static String replicationControl(String streamId) {
        return control(streamId) + ".replicate";
    }

    public static String status(String streamId) {
        return "sluice." + streamId + ".status";
    }
}
