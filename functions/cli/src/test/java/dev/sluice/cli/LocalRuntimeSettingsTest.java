package dev.sluice.cli;

import dev.sluice.core.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The environment settings of a one-machine run: defaults, the hub's storage, clear errors. */
class LocalRuntimeSettingsTest {

    @Test
    void defaultsAreTheLocalServicesAFileBackedHubAndEmbeddedDynamoDb() {
        LocalRuntime.Settings s = LocalRuntime.Settings.from(Map.of());
        assertEquals(LocalRuntime.DEFAULT_NATS, s.natsUrl());
        assertNull(s.dynamoEndpoint(), "DynamoDB Local embedded in the process");
        assertFalse(s.hubInMemory());
    }

    @Test
    void theHubCanKeepBatchesInMemoryOnRequest() {
        assertTrue(LocalRuntime.Settings.from(Map.of("SLUICE_HUB_STORAGE", "memory")).hubInMemory());
        assertTrue(LocalRuntime.Settings.from(Map.of("SLUICE_HUB_STORAGE", " Memory ")).hubInMemory());
        assertFalse(LocalRuntime.Settings.from(Map.of("SLUICE_HUB_STORAGE", "file")).hubInMemory());
    }

    @Test
    void aBadValueNamesTheVariableAndWhatItTakes() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> LocalRuntime.Settings.from(Map.of("SLUICE_HUB_STORAGE", "ram")));
        assertEquals("SLUICE_HUB_STORAGE must be file or memory, got 'ram'", e.getMessage());
        assertThrows(ConfigException.class, () -> LocalRuntime.Settings.from(Map.of("SLUICE_WRITER_LEASE_SECONDS", "0")));
    }
}
