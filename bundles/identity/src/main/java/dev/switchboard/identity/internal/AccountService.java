package dev.switchboard.identity.internal;

import dev.switchboard.foundation.Ids;
import dev.switchboard.foundation.InvalidConfigurationException;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sign-up, login, logout and the first owner of an empty installation. */
@Component(service = AccountService.class, immediate = true, configurationPid = IdentityConfig.PID)
public class AccountService {

    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);

    private final IdentityStore store;
    private final IdentityConfig config;
    private final PasswordHasher hasher = new PasswordHasher();
    private final OrganizationFactory organizations = new OrganizationFactory();
    private final Clock clock = Clock.systemUTC();
    /** Verified against when an email is unknown, so that both answers take as long. */
    private final String decoyHash;

    /** A user with a new console session token (shown once, as the cookie). */
    record Login(Rows.User user, Rows.Organization organization, String sessionToken, Instant expiresAt) {
    }

    static final java.time.Duration VERIFICATION_TTL = java.time.Duration.ofHours(24);

    private final IdentityMail mail;

    @Activate
    public AccountService(@Reference IdentityStore store, @Reference IdentityMail mail, Map<String, Object> properties) {
        this.store = store;
        this.mail = mail;
        this.config = IdentityConfig.from(properties);
        this.decoyHash = hasher.hash("decoy-password-for-timing");
        bootstrap();
    }

    IdentityConfig config() {
        return config;
    }

    Login signup(String email, String password, String name) {
        if (!config.signupEnabled()) {
            throw new ApiProblem(403, "signup_disabled", "Forbidden", "sign-up is disabled on this installation");
        }
        Login login = createAccount(Inputs.email(email), Inputs.password(password), Inputs.name("name", name, 100));
        if (mail.configured()) {
            requestVerification(login.user().id());
        }
        return login;
    }

    /** Emails the user a link that proves the address is theirs; 503 without an SMTP server. */
    IdentityMail.Delivery requestVerification(UUID userId) {
        if (!mail.configured()) {
            throw ApiProblem.unavailable("mail_not_configured", "no SMTP server is configured to send the email");
        }
        String token = Tokens.generate(Tokens.VERIFICATION);
        Rows.User user = store.unitOfWork().inTransaction(tx -> {
            store.accounts(tx).insertVerification(Tokens.hash(token), userId, clock.instant().plus(VERIFICATION_TTL));
            return store.accounts(tx).userById(userId);
        });
        return mail.verification(user.email(), config.publicUrl() + "/console/verify-email?token=" + token);
    }

    void verifyEmail(String token) {
        if (token == null || token.isBlank()) {
            throw Inputs.field("invalid_token", "token", "is required");
        }
        store.unitOfWork().run(tx -> {
            UUID userId = store.accounts(tx).consumeVerification(Tokens.hash(token.trim()));
            if (userId == null) {
                throw ApiProblem.notFound("verification_not_found",
                        "the verification link is unknown, used or expired; request a new one");
            }
            store.accounts(tx).markVerified(userId);
        });
    }

    Login setup(String token, String email, String password, String name) {
        String validEmail = Inputs.email(email);
        String validPassword = Inputs.password(password);
        String validName = Inputs.name("name", name, 100);
        if (token == null || token.isBlank()) {
            throw Inputs.field("invalid_setup_token", "token", "is required");
        }
        return store.unitOfWork().inTransaction(tx -> {
            if (store.accounts(tx).consumeSetupToken(Tokens.hash(token.trim())) == 0
                    || store.accounts(tx).countUsers() > 0) {
                throw new ApiProblem(403, "invalid_setup_token", "Forbidden",
                        "the setup token is unknown or was used; setup is only possible on an empty installation");
            }
            return createAccount(tx, validEmail, validPassword, validName);
        });
    }

    Login login(String email, String password) {
        if (email == null || password == null) {
            throw new ApiProblem(401, "invalid_login", "Unauthorized", "wrong email or password");
        }
        Rows.User user = store.unitOfWork().inTransaction(tx -> store.accounts(tx).userByEmail(email.trim()));
        boolean valid;
        if (user == null || user.passwordHash() == null) {
            hasher.verify(password, decoyHash);
            valid = false;
        } else {
            valid = hasher.verify(password, user.passwordHash());
        }
        if (!valid) {
            throw new ApiProblem(401, "invalid_login", "Unauthorized", "wrong email or password");
        }
        return store.unitOfWork().inTransaction(tx -> {
            List<Rows.Membership> memberships = store.organizations(tx).membershipsOfUser(user.id());
            UUID organization = memberships.isEmpty() ? null : memberships.get(0).organizationId();
            return openSession(tx, user, organization == null ? null : store.organizations(tx).organization(organization));
        });
    }

    Rows.User user(UUID userId) {
        return store.unitOfWork().inTransaction(tx -> store.accounts(tx).userById(userId));
    }

    void setActiveOrganization(UUID consoleSessionId, UUID organizationId) {
        store.unitOfWork().run(tx -> store.accounts(tx).setActiveOrganization(consoleSessionId, organizationId));
    }

    List<Rows.User> users(int limit) {
        return store.unitOfWork().inTransaction(tx -> store.accounts(tx).listUsers(limit));
    }

    /** Super-admins act as a member of an organization for at most 24 hours; every write records them. */
    void impersonate(Caller caller, UUID userId, UUID organizationId, dev.switchboard.identity.AuditLog audit) {
        requireSuperAdminConsole(caller);
        store.unitOfWork().run(tx -> {
            if (store.organizations(tx).membership(organizationId, userId) == null) {
                throw ApiProblem.notFound("member_not_found", "that user is not a member of that organization");
            }
            store.accounts(tx).setImpersonation(caller.credentialId(), userId, organizationId,
                    clock.instant().plus(IdentityConfig.IMPERSONATION_TTL));
            Caller realActor = new Caller(Caller.Kind.CONSOLE_SESSION, userId, organizationId, null,
                    realUserId(caller), null, caller.credentialId(), true);
            audit.record(tx, organizationId, realActor, "impersonation.started", "user", userId.toString(), Map.of());
        });
    }

    void stopImpersonation(Caller caller, dev.switchboard.identity.AuditLog audit) {
        requireSuperAdminConsole(caller);
        store.unitOfWork().run(tx -> {
            store.accounts(tx).setImpersonation(caller.credentialId(), null, null, null);
            if (caller.impersonating()) {
                audit.record(tx, caller.organizationId(), caller, "impersonation.stopped", "user",
                        caller.userId().toString(), Map.of());
            }
        });
    }

    private static UUID realUserId(Caller caller) {
        return caller.impersonating() ? caller.realUserId() : caller.userId();
    }

    private static void requireSuperAdminConsole(Caller caller) {
        if (!caller.superAdmin() || caller.kind() != Caller.Kind.CONSOLE_SESSION) {
            throw new ApiProblem(403, "super_admin_required", "Forbidden",
                    "only super-admins, logged in to the console, may do this");
        }
    }

    void logout(UUID consoleSessionId) {
        store.unitOfWork().run(tx -> store.accounts(tx).deleteSession(consoleSessionId));
    }

    Login createAccount(String email, String password, String name) {
        return store.unitOfWork().inTransaction(tx -> createAccount(tx, email, password, name));
    }

    /** A new user with a personal organization they own, logged in; 409 when the email is taken. */
    Login createAccount(Transaction tx, String email, String password, String name) {
        Rows.User user = insertUser(tx, email, password, name);
        Rows.Organization personal = organizations.create(store, tx, name + "'s Workspace", null, true, user.id());
        return openSession(tx, user, personal);
    }

    Rows.User insertUser(Transaction tx, String email, String password, String name) {
        UUID id = Ids.newId();
        if (store.accounts(tx).insertUser(id, email, name, hasher.hash(password)) == 0) {
            throw new ApiProblem(409, "email_taken", "Conflict", "an account with this email exists");
        }
        return store.accounts(tx).userById(id);
    }

    Login openSession(Transaction tx, Rows.User user, Rows.Organization organization) {
        String token = Tokens.generate(Tokens.CONSOLE_SESSION);
        Instant expiresAt = clock.instant().plus(config.sessionTtl());
        store.accounts(tx).insertSession(Ids.newId(), user.id(), Tokens.hash(token),
                organization == null ? null : organization.id(), expiresAt);
        return new Login(user, organization, token, expiresAt);
    }

    /** An empty installation gets its first owner from configuration, or prints a one-time setup token. */
    private void bootstrap() {
        try {
            bootstrapInTransaction();
        } catch (ApiProblem problem) {
            if (problem.status() != 409) {
                // an initial owner that does not validate must not pass for a race lost to another node
                throw new InvalidConfigurationException(IdentityConfig.PID, "initialOwner.*", "<hidden>",
                        problem.getMessage());
            }
            LOG.info("another node created the initial owner first");
        }
    }

    private void bootstrapInTransaction() {
        store.unitOfWork().run(tx -> {
            store.accounts(tx).deleteExpiredSessions();
            if (store.accounts(tx).countUsers() > 0) {
                return;
            }
            if (config.initialOwnerEmail() != null && config.initialOwnerPassword() != null) {
                createAccount(tx, Inputs.email(config.initialOwnerEmail()), Inputs.password(config.initialOwnerPassword()),
                        "Owner");
                LOG.info("created the initial owner {} from configuration", config.initialOwnerEmail());
                return;
            }
            String token = Tokens.generate(Tokens.SETUP);
            store.accounts(tx).insertSetupToken(Tokens.hash(token));
            LOG.warn("No users yet. Create the first owner with this one-time setup token: "
                    + "POST /api/v1/auth/setup {\"token\":\"{}\",\"email\":...,\"password\":...,\"name\":...}", token);
        });
    }
}
