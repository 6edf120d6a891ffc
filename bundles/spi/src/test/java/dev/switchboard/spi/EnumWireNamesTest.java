package dev.switchboard.spi;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.switchboard.spi.action.ActionException;
import dev.switchboard.spi.action.RiskLevel;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.IntegrationStatus;
import dev.switchboard.spi.provider.ProviderException;
import dev.switchboard.spi.sandbox.SandboxCapability;
import dev.switchboard.spi.sandbox.SandboxException;
import dev.switchboard.spi.skill.MatchSource;
import dev.switchboard.spi.skill.Role;
import dev.switchboard.spi.trigger.TriggerMode;
import dev.switchboard.spi.trigger.TriggerSourceException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Every SPI enum serializes as the lower_snake form of its constant, e.g. {@code READ -> "read"}. */
class EnumWireNamesTest {

    @ParameterizedTest
    @ValueSource(classes = {RiskLevel.class, ActionException.Kind.class, AuthKind.class, IntegrationStatus.class,
            ProviderException.Reason.class, SandboxCapability.class, SandboxException.Kind.class, MatchSource.class,
            Role.class, TriggerMode.class, TriggerSourceException.Kind.class})
    void constantsCarryTheirLowerSnakeJsonName(Class<? extends Enum<?>> type) throws NoSuchFieldException {
        for (Enum<?> constant : type.getEnumConstants()) {
            JsonProperty property = type.getField(constant.name()).getAnnotation(JsonProperty.class);

            assertNotNull(property, type.getSimpleName() + "." + constant.name());
            assertEquals(constant.name().toLowerCase(Locale.ROOT), property.value());
        }
    }
}
