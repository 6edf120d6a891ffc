package dev.switchboard.integrations.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.TokenSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seals a {@link TokenSet} as one JSON document ({@code access}, {@code refresh}, {@code extra}) so that an
 * access token and its (possibly rotated) refresh token always change together. Expiry and scopes live in
 * clear columns: they are not secret and the resolver needs the expiry without decrypting.
 */
final class SealedTokens {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SealedTokens() {
    }

    static Ciphertext seal(SecretCipher cipher, TokenSet tokens) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("access", tokens.accessToken().reveal());
        document.put("refresh", tokens.refreshToken() == null ? null : tokens.refreshToken().reveal());
        document.put("extra", tokens.extra());
        byte[] plaintext;
        try {
            plaintext = JSON.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new IllegalStateException("token fields are not JSON-serializable", e);
        }
        try {
            return cipher.encrypt(plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    static TokenSet open(SecretCipher cipher, Ciphertext sealed, Instant expiresAt, List<String> scopes) {
        byte[] plaintext = cipher.decrypt(sealed);
        try {
            Map<String, Object> document = JSON.readValue(plaintext, new TypeReference<Map<String, Object>>() { });
            Object refresh = document.get("refresh");
            @SuppressWarnings("unchecked")
            Map<String, Object> extra = document.get("extra") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
            return new TokenSet(SecretValue.of((String) document.get("access")),
                    refresh == null ? null : SecretValue.of(refresh.toString()), expiresAt,
                    new java.util.LinkedHashSet<>(scopes), extra);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("sealed tokens are not the expected document", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    static String revealUtf8(SecretCipher cipher, Ciphertext sealed) {
        return new String(cipher.decrypt(sealed), StandardCharsets.UTF_8);
    }
}
