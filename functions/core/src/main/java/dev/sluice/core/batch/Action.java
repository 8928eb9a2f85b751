package dev.sluice.core.batch;

/** What a batch does to its rows. Convert mode only produces INSERT. */
public enum Action {
    INSERT, UPDATE, DELETE;

    public byte code() {
        return (byte) ordinal();
    }

    public static Action of(int code) {
        return values()[code];
    }
}
