package dev.sluice.bridge.cdc;

import dev.sluice.core.batch.Action;

import java.util.Map;

/**
 * One row change from the source log, as the bridge orders and batches it.
 *
 * @param table    source table name
 * @param action   INSERT (also snapshot reads), UPDATE or DELETE
 * @param position the change's place in the source log as a string that sorts in log order
 * @param commitMs source commit time, epoch millis (for lag)
 * @param before   before-image (UPDATE, DELETE), column name to JSON value, or null
 * @param after    after-image (INSERT, UPDATE), or null
 */
public record ChangeEvent(String table, Action action, String position, long commitMs, Map<String, Object> before,
                          Map<String, Object> after) {
}
