package dev.sluice.core.port;

import dev.sluice.core.writer.WriterRequest;
import dev.sluice.core.writer.WriterResult;

/**
 * How the bridge calls a writer function: in-process locally, AWS Lambda (or another provider's function
 * runtime) when deployed. Implementations must be thread-safe; the bridge calls concurrently.
 */
public interface Invoker extends AutoCloseable {
    WriterResult invoke(WriterRequest request);

    @Override
    default void close() {
    }
}
