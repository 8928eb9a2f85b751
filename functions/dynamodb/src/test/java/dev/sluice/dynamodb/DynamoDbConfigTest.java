package dev.sluice.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.config.ConfigException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@link DynamoDbConfig#from(Map)}: what a user sets in the environment. */
class DynamoDbConfigTest {

    @Test
    void nothingSetMeansAwsInUsEast1WithTheDefaultTable() {
        DynamoDbConfig c = DynamoDbConfig.from(Map.of());
        assertNull(c.endpoint());
        assertEquals("us-east-1", c.region());
        assertEquals("sluice_batches", c.table());
        assertEquals(DynamoDbConfig.defaults(), c);
        assertEquals("AWS region us-east-1", c.describeEndpoint());
    }

    @Test
    void readsEndpointRegionAndTable() {
        DynamoDbConfig c = DynamoDbConfig.from(Map.of("SLUICE_DYNAMODB_ENDPOINT", "http://localhost:8000",
                "AWS_REGION", "eu-west-1", "SLUICE_DEDUP_TABLE", "prod.sluice-batches"));
        assertEquals(URI.create("http://localhost:8000"), c.endpoint());
        assertEquals("eu-west-1", c.region());
        assertEquals("prod.sluice-batches", c.table());
    }

    @Test
    void blankValuesMeanUnset() {
        assertEquals(DynamoDbConfig.defaults(), DynamoDbConfig.from(
                Map.of("SLUICE_DYNAMODB_ENDPOINT", " ", "AWS_REGION", "", "SLUICE_DEDUP_TABLE", "")));
    }

    @ParameterizedTest
    @CsvSource({
        "SLUICE_DYNAMODB_ENDPOINT, localhost:8000, http(s) URL",
        "SLUICE_DYNAMODB_ENDPOINT, http://local host, not a URL",
        "SLUICE_DYNAMODB_ENDPOINT, http://key:secret@localhost:8000, must not contain user info",
        "SLUICE_DEDUP_TABLE, ab, 3-255 letters",
        "SLUICE_DEDUP_TABLE, my table, 3-255 letters",
        "AWS_REGION, US East, region name",
    })
    void badValuesNameTheVariable(String variable, String value, String problem) {
        ConfigException e = assertThrows(ConfigException.class, () -> DynamoDbConfig.from(Map.of(variable, value)));
        assertTrue(e.getMessage().startsWith(variable), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "no credentials in messages: " + e.getMessage());
    }
}
