package dev.switchboard.spi.provider;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a provider adapter obtains credentials for an integration. */
public enum AuthKind {
    /** Authorization-code flow: the user is sent to {@link OAuth2Settings#authorizeUrl()}, the code is exchanged. */
    @JsonProperty("oauth2") OAUTH2,
    /** An app installed into the user's account (e.g. a GitHub App); tokens are minted per installation. */
    @JsonProperty("app_installation") APP_INSTALLATION,
    /**
     * A key (or another credential, such as a secret feed address) a person enters; checked and turned into what
     * is stored by {@link ProviderAdapter#acceptCredentials}, or configured for the deployment.
     */
    @JsonProperty("api_key") API_KEY,
    /** A third-party broker (e.g. Nango) holds and refreshes the tokens; the adapter asks it for a fresh one. */
    @JsonProperty("broker") BROKER
}
