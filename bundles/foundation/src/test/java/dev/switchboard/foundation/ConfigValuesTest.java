package dev.switchboard.foundation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValuesTest {

    private static final String PID = "dev.switchboard.test";

    private static ConfigValues config(Object value) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("limit", value);
        return new ConfigValues(PID, properties);
    }

    @Test
    void readsAWholeNumberGivenAsTextOrNumber() {
        assertEquals(42, config("42").intValue("limit", 1, 1, 100));
        assertEquals(42, config(" 42 ").intValue("limit", 1, 1, 100));
        assertEquals(42, config(42).intValue("limit", 1, 1, 100));
        assertEquals(42, config(42L).intValue("limit", 1, 1, 100));
    }

    @Test
    void acceptsBothBounds() {
        assertEquals(1, config("1").intValue("limit", 5, 1, 100));
        assertEquals(100, config("100").intValue("limit", 5, 1, 100));
    }

    @Test
    void fallsBackWhenAbsentOrBlank() {
        assertEquals(7, new ConfigValues(PID, Map.of()).intValue("limit", 7, 1, 100));
        assertEquals(7, new ConfigValues(PID, null).intValue("limit", 7, 1, 100));
        assertEquals(7, config("  ").intValue("limit", 7, 1, 100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-5", "ten", "4.5", "2147483648"})
    void rejectsTextThatIsNotAWholeNumberInRange(String value) {
        InvalidConfigurationException thrown = assertThrows(InvalidConfigurationException.class,
                () -> config(value).intValue("limit", 5, 1, 100));

        assertEquals("invalid configuration etc/" + PID + ".cfg: limit = '" + value
                + "', expected a whole number from 1 to 100", thrown.getMessage());
        assertEquals(PID, thrown.pid());
        assertEquals("limit", thrown.key());
    }

    @Test
    void rejectsANumberOutsideTheIntRangeInsteadOfWrappingIt() {
        // 2^32 + 5 wraps to 5 as an int, which would be in range
        assertThrows(InvalidConfigurationException.class, () -> config(4_294_967_301L).intValue("limit", 7, 1, 100));
    }

    @Test
    void rejectsAFractionInsteadOfTruncatingIt() {
        assertThrows(InvalidConfigurationException.class, () -> config(2.5d).intValue("limit", 7, 1, 100));
    }

    @Test
    void readsBooleansInAnyCase() {
        assertTrue(config("TRUE").booleanValue("limit", false));
        assertFalse(config(" false ").booleanValue("limit", true));
        assertTrue(config(Boolean.TRUE).booleanValue("limit", false));
        assertTrue(config("").booleanValue("limit", true));
        assertFalse(new ConfigValues(PID, Map.of()).booleanValue("limit", false));
    }

    @Test
    void rejectsAnythingElseAsBoolean() {
        InvalidConfigurationException thrown = assertThrows(InvalidConfigurationException.class,
                () -> config("yes").booleanValue("limit", false));

        assertEquals("invalid configuration etc/" + PID + ".cfg: limit = 'yes', expected true or false",
                thrown.getMessage());
    }

    @Test
    void readsTrimmedStringsOrTheFallback() {
        assertEquals("value", config("  value ").stringValue("limit", "fallback"));
        assertEquals("fallback", config(" ").stringValue("limit", "fallback"));
        assertEquals("fallback", new ConfigValues(PID, Map.of()).stringValue("limit", "fallback"));
    }
}
