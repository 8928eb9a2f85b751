package dev.sluice.core.stats;

/** Lifecycle of a stream. FINISHED only once every published batch is applied. */
public enum StreamStatus {
    CREATED, RUNNING, FINISHED, FAILED, STOPPED, TIME_LIMIT_REACHED, EVENT_LIMIT_REACHED;

    public boolean isTerminal() {
        return this != CREATED && this != RUNNING;
    }

    /** Process exit code for a terminal status: 0 only when the stream did what was asked. */
    public int exitCode() {
        switch (this) {
            case FINISHED: return 0;
            case TIME_LIMIT_REACHED:
            case EVENT_LIMIT_REACHED: return 0;
            case STOPPED: return 130;
            default: return 1;
        }
    }
}
