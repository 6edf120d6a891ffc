package dev.switchboard.integrations.oauth2.internal;

/** The generic adapter's configuration PID and keys, in one place. */
public final class OAuth2Constants {

    /** Factory PID: one adapter per {@code etc/dev.switchboard.integrations.oauth2-<name>.cfg}. */
    public static final String FACTORY_PID = "dev.switchboard.integrations.oauth2";

    public static final String ID = "id";
    public static final String SERVICE = "service";
    public static final String DISPLAY_NAME = "displayName";
    public static final String AUTHORIZE_URL = "authorizeUrl";
    public static final String TOKEN_URL = "tokenUrl";
    public static final String REVOKE_URL = "revokeUrl";
    public static final String SCOPES = "scopes";
    public static final String SCOPE_SEPARATOR = "scopeSeparator";
    public static final String PKCE = "pkce";
    public static final String CLIENT_AUTH = "clientAuth";

    /** Set by Felix FileInstall to the URL of the {@code .cfg} file a configuration came from. */
    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private OAuth2Constants() {
    }
}
