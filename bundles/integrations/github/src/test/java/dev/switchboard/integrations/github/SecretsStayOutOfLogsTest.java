package dev.switchboard.integrations.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.integrations.github.internal.WebhookSignature;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.WebhookRequest;
import dev.switchboard.spi.provider.CodeExchange;
import dev.switchboard.spi.provider.OAuthClient;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.ProviderException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs both adapters through their flows, failures included, with debug logging captured, and checks that
 * no key, JWT, token, code or secret shows up in the log, in exception messages or in {@code toString()}s.
 */
class SecretsStayOutOfLogsTest {

    @RegisterExtension
    static final WireMockExtension GITHUB = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String INSTALLATION_TOKEN = "ghs_InstallationTokenValue0001";
    private static final String WEBHOOK_SECRET = "webhook-secret-value-0002";
    private static final String CLIENT_SECRET = "client-secret-value-0003";
    private static final String CODE = "oauth-code-value-0004";
    private static final String ACCESS_TOKEN = "gho_AccessTokenValue0005";
    private static final String REFRESH_TOKEN = "ghr_RefreshTokenValue0006";

    @Test
    void noSecretIsLoggedOrPrinted() throws Exception {
        List<String> printed = new ArrayList<>();
        String log = captureErr(() -> printed.addAll(runFlows()));
        String jwt = GITHUB.findAll(postRequestedFor(urlEqualTo("/app/installations/7/access_tokens"))).get(0)
                .getHeader("Authorization").substring("Bearer ".length());

        assertTrue(log.contains("installation token minted for installation 7"), "debug logging was captured");
        String everything = log + String.join("\n", printed);
        for (String secret : List.of(TestKeys.keyBody(TestKeys.PKCS1_PEM), TestKeys.keyBody(TestKeys.PKCS8_PEM),
                jwt, jwt.substring(jwt.lastIndexOf('.') + 1), INSTALLATION_TOKEN, WEBHOOK_SECRET, CLIENT_SECRET, CODE,
                ACCESS_TOKEN, REFRESH_TOKEN)) {
            assertFalse(everything.contains(secret), "a secret leaked: " + secret.substring(0, 6) + "...");
        }
    }

    /** Runs the flows; returns the toString()s and exception messages they produced. */
    private List<String> runFlows() throws Exception {
        List<String> printed = new ArrayList<>();
        Map<String, Object> config = new HashMap<>();
        config.put("apiBaseUrl", GITHUB.baseUrl());
        config.put("webBaseUrl", GITHUB.baseUrl());
        config.put("appId", "77");
        config.put("privateKey", TestKeys.PKCS1_PEM);
        config.put("webhookSecret", WEBHOOK_SECRET);
        GitHubAppAdapter app = new GitHubAppAdapter(Map.of("privateKey", TestKeys.PKCS8_PEM,
                "webhookSecret", WEBHOOK_SECRET, "appId", "77"));
        ProviderContext context = new ProviderContext("org-1", "int-1", "7", config, new MutableClock(NOW),
                new OAuthClient("Iv1.client", SecretValue.of(CLIENT_SECRET)));
        printed.add(context.toString());

        GITHUB.stubFor(post(urlEqualTo("/app/installations/7/access_tokens")).willReturn(aResponse().withStatus(201)
                .withBody("{\"token\": \"" + INSTALLATION_TOKEN + "\", \"expires_at\": \""
                        + NOW.plus(Duration.ofHours(1)) + "\"}")));
        printed.add(app.resolveToken(context).toString());
        GITHUB.stubFor(post(urlEqualTo("/app/installations/8/access_tokens")).willReturn(aResponse().withStatus(401)));
        printed.add(failure(() -> app.resolveToken(new ProviderContext("org-1", "int-1", "8", config, new MutableClock(NOW)))));

        String body = "{\"action\": \"deleted\", \"installation\": {\"id\": 7}}";
        WebhookRequest signed = new WebhookRequest(body.getBytes(StandardCharsets.UTF_8), Map.of(
                "X-GitHub-Event", List.of("installation"), "X-Hub-Signature-256",
                List.of(WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8), SecretValue.of(WEBHOOK_SECRET)))),
                "/github-app", Map.of());
        printed.add(signed.toString());
        printed.add(app.lifecycleEvents(signed, SecretValue.of(WEBHOOK_SECRET), context).toString());
        printed.add(failure(() -> app.lifecycleEvents(signed, SecretValue.of("wrong"), context)));

        GitHubOAuthAdapter oauth = new GitHubOAuthAdapter(Map.of());
        GITHUB.stubFor(post(urlEqualTo("/login/oauth/access_token")).willReturn(aResponse().withStatus(200)
                .withBody("{\"access_token\": \"" + ACCESS_TOKEN + "\", \"refresh_token\": \"" + REFRESH_TOKEN
                        + "\", \"expires_in\": 28800, \"scope\": \"\", \"token_type\": \"bearer\"}")));
        CodeExchange exchange = new CodeExchange(SecretValue.of(CODE), URI.create("https://sb.example.com/cb"), null);
        printed.add(exchange.toString());
        printed.add(oauth.exchangeCode(exchange, context).toString());
        printed.add(oauth.refresh(SecretValue.of(REFRESH_TOKEN), context).toString());
        GITHUB.stubFor(post(urlEqualTo("/login/oauth/access_token")).willReturn(aResponse().withStatus(200)
                .withBody("{\"error\": \"bad_verification_code\", \"error_description\": \"" + CODE + "\"}")));
        printed.add(failure(() -> oauth.exchangeCode(exchange, context)));

        // verifying an installation claim: code exchange with the app's client, then /user/installations
        GITHUB.stubFor(post(urlEqualTo("/login/oauth/access_token")).willReturn(aResponse().withStatus(200)
                .withBody("{\"access_token\": \"" + ACCESS_TOKEN + "\", \"token_type\": \"bearer\"}")));
        GITHUB.stubFor(get(urlEqualTo("/user/installations?per_page=100")).willReturn(aResponse().withStatus(200)
                .withBody("{\"total_count\": 1, \"installations\": [{\"id\": 7}]}")));
        app.verifyInstallationClaim("7", exchange, context);
        printed.add(failure(() -> {
            app.verifyInstallationClaim("8", exchange, context);
            return null;
        }));
        GITHUB.stubFor(get(urlEqualTo("/user/installations?per_page=100")).willReturn(aResponse().withStatus(401)));
        printed.add(failure(() -> {
            app.verifyInstallationClaim("7", exchange, context);
            return null;
        }));
        return printed;
    }

    private interface Call {
        Object run() throws ProviderException;
    }

    private static String failure(Call call) {
        try {
            return String.valueOf(call.run());
        } catch (ProviderException e) {
            return e.toString();
        }
    }

    private interface Flows {
        void run() throws Exception;
    }

    private static String captureErr(Flows flows) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            flows.run();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        return log;
    }
}
