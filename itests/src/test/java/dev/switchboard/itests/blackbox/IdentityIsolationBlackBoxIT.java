package dev.switchboard.itests.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.itests.support.Http;
import dev.switchboard.itests.support.Node;
import dev.switchboard.itests.support.Installation;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tenancy over HTTP: a caller from another organization gets 404 for this organization's resources and
 * never sees them in lists; a member cannot do what needs admin or owner; credentials never leak.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityIsolationBlackBoxIT {

    private Installation installation;
    private Node node;
    private Http owner;
    private Http outsider;
    private Http member;
    private String orgA;
    private String ownerKeyId;
    private String invitationId;
    private final List<String> planted = new ArrayList<>();

    @BeforeAll
    void start() {
        installation = Installation.start("isolation");
        node = installation.node();
        owner = node.ownerHttp();
        orgA = owner.get("/api/v1/auth/me").json().path("organizationId").asText();
        ownerKeyId = owner.get("/api/v1/api-keys").json().path("items").path(0).path("id").asText();

        Http.Response signup = node.http().post("/api/v1/auth/signup",
                "{\"email\":\"outsider@it.example\",\"password\":\"outsider-password-1\",\"name\":\"Outsider\"}");
        assertEquals(201, signup.status(), signup.body());
        outsider = keyFor(signup.setCookie());

        Http.Response invite = owner.post("/api/v1/invitations", "{\"email\":\"member@it.example\",\"role\":\"member\"}");
        assertEquals(201, invite.status(), invite.body());
        String link = invite.json().path("inviteUrl").asText();
        String token = link.substring(link.indexOf("token=") + 6);
        planted.add(token);
        Http.Response accepted = node.http().post("/api/v1/invitations/accept",
                "{\"token\":\"" + token + "\",\"name\":\"Member\",\"password\":\"member-password-1\"}");
        assertEquals(201, accepted.status(), accepted.body());
        member = keyFor(accepted.setCookie());

        Http.Response pending = owner.post("/api/v1/invitations", "{\"email\":\"later@it.example\",\"role\":\"admin\"}");
        invitationId = pending.json().path("id").asText();
        planted.add(pending.json().path("inviteUrl").asText().replaceAll(".*token=", ""));
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (installation != null) {
            installation.close();
        }
    }

    @Test
    void anotherOrganizationsResourcesAreNotFound() {
        assertProblem(outsider.get("/api/v1/organizations/" + orgA), 404, "organization_not_found");
        assertProblem(outsider.patch("/api/v1/organizations/" + orgA, "{\"name\":\"taken over\"}"), 404,
                "organization_not_found");
        assertProblem(outsider.delete("/api/v1/organizations/" + orgA), 404, "organization_not_found");
        assertProblem(outsider.post("/api/v1/organizations/" + orgA + "/transfer-ownership",
                "{\"userId\":\"" + java.util.UUID.randomUUID() + "\"}"), 404, "organization_not_found");
        assertProblem(outsider.post("/api/v1/api-keys/" + ownerKeyId + "/revoke", "{}"), 404, "api_key_not_found");
        assertProblem(outsider.post("/api/v1/invitations/" + invitationId + "/cancel", "{}"), 404,
                "invitation_not_found");
        String ownerId = owner.get("/api/v1/auth/me").json().path("user").path("id").asText();
        assertProblem(outsider.patch("/api/v1/members/" + ownerId, "{\"role\":\"member\"}"), 404, "member_not_found");
        assertProblem(outsider.delete("/api/v1/members/" + ownerId), 404, "member_not_found");
        assertEquals(200, owner.get("/api/v1/organizations/" + orgA).status(), "the owner still has it");
        assertEquals("owner", owner.get("/api/v1/organizations/" + orgA).json().path("role").asText());
    }

    @Test
    void anotherOrganizationCannotBeSelectedOrListed() {
        Http.Response foreign = outsider.withHeader("X-Switchboard-Org", orgA).get("/api/v1/members");
        assertEquals(403, foreign.status());
        Http.Response missing = outsider.withHeader("X-Switchboard-Org", java.util.UUID.randomUUID().toString())
                .get("/api/v1/members");
        assertEquals(foreign.body(), missing.body(), "an existing and a missing organization answer alike");

        assertFalse(outsider.get("/api/v1/organizations").body().contains(orgA));
        assertFalse(outsider.get("/api/v1/members").body().contains("owner@it.example"));
        assertFalse(outsider.get("/api/v1/api-keys").body().contains(ownerKeyId));
        assertFalse(outsider.get("/api/v1/invitations").body().contains(invitationId));
        assertFalse(outsider.get("/api/v1/audit-log").body().contains(orgA));
        assertFalse(outsider.get("/api/v1/audit-log").body().contains("member@it.example"));
    }

    @Test
    void membersCannotDoAdminOrOwnerWork() {
        String ownerId = owner.get("/api/v1/auth/me").json().path("user").path("id").asText();
        assertProblem(member.patch("/api/v1/members/" + ownerId, "{\"role\":\"member\"}"), 403, "forbidden_role");
        assertProblem(member.delete("/api/v1/members/" + ownerId), 403, "forbidden_role");
        assertProblem(member.post("/api/v1/invitations", "{\"email\":\"x@it.example\",\"role\":\"member\"}"), 403,
                "forbidden_role");
        assertProblem(member.get("/api/v1/invitations"), 403, "forbidden_role");
        assertProblem(member.post("/api/v1/invitations/" + invitationId + "/cancel", "{}"), 403, "forbidden_role");
        assertProblem(member.get("/api/v1/audit-log"), 403, "forbidden_role");
        assertProblem(member.patch("/api/v1/organizations/" + orgA, "{\"name\":\"renamed\"}"), 403, "forbidden_role");
        assertProblem(member.delete("/api/v1/organizations/" + orgA), 403, "forbidden_role");
        assertProblem(member.post("/api/v1/organizations/" + orgA + "/transfer-ownership",
                "{\"userId\":\"" + ownerId + "\"}"), 403, "forbidden_role");
        assertProblem(member.post("/api/v1/api-keys/" + ownerKeyId + "/revoke", "{}"), 404, "api_key_not_found");
        assertProblem(member.get("/api/v1/admin/users"), 403, "super_admin_required");
        assertEquals(200, member.get("/api/v1/members").status(), "members may read the member list");
        assertEquals("owner", owner.get("/api/v1/organizations/" + orgA).json().path("role").asText(),
                "nothing changed");
    }

    @Test
    void badInputIsRefusedWithStableCodesAndChangesNothing() {
        int auditBefore = owner.get("/api/v1/audit-log?limit=100").json().path("items").size();
        assertProblem(node.http().post("/api/v1/auth/signup",
                "{\"email\":\"not-an-email\",\"password\":\"long-enough-pass\",\"name\":\"X\"}"), 400, "invalid_email");
        assertProblem(node.http().post("/api/v1/auth/signup",
                "{\"email\":\"owner@it.example\",\"password\":\"long-enough-pass\",\"name\":\"X\"}"), 409, "email_taken");
        assertProblem(owner.post("/api/v1/organizations", "{\"name\":\"Dup\",\"slug\":\"Not A Slug\"}"), 400,
                "invalid_slug");
        assertEquals(201, owner.post("/api/v1/organizations", "{\"name\":\"Acme\",\"slug\":\"acme-it\"}").status());
        assertProblem(outsider.post("/api/v1/organizations", "{\"name\":\"Acme 2\",\"slug\":\"acme-it\"}"), 409,
                "slug_taken");
        assertProblem(owner.post("/api/v1/invitations", "{\"email\":\"later@it.example\",\"role\":\"admin\"}"), 409,
                "invitation_pending");
        assertProblem(owner.post("/api/v1/invitations", "{\"email\":\"nope\",\"role\":\"admin\"}"), 400,
                "invalid_email");
        assertProblem(owner.post("/api/v1/invitations", "{\"email\":\"a@it.example\",\"role\":\"king\"}"), 400,
                "invalid_role");
        assertProblem(node.http().post("/api/v1/invitations/accept",
                "{\"token\":\"sbi_unknown\",\"name\":\"N\",\"password\":\"long-enough-pass\"}"), 404,
                "invitation_not_found");
        assertProblem(owner.post("/api/v1/api-keys", "{\"name\":\"old\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}"), 400,
                "invalid_expiry");
        assertProblem(owner.post("/api/v1/invitations", "{not json"), 400, "malformed_json");
        assertProblem(owner.get("/api/v1/api-keys?limit=1000"), 400, "invalid_parameter");
        int auditAfter = owner.get("/api/v1/audit-log?limit=100").json().path("items").size();
        assertEquals(auditBefore, auditAfter, "refused requests leave no trace (the new organization audits itself)");
    }

    @Test
    void credentialsNeverLeakIntoResponsesOrLogs() throws Exception {
        String ownerMe = owner.get("/api/v1/auth/me").body();
        String keys = owner.get("/api/v1/api-keys").body();
        String audit = owner.get("/api/v1/audit-log?limit=100").body();
        String invitations = owner.get("/api/v1/invitations").body();
        for (String secret : planted) {
            for (String body : List.of(ownerMe, keys, audit, invitations)) {
                assertFalse(body.contains(secret), "a token leaked into a response");
            }
        }
        assertFalse(keys.contains("\"key\""), "listed keys carry no key");
        String log = node.log() + node.consoleOutput();
        assertFalse(log.contains(Node.OWNER_PASSWORD));
        assertFalse(log.contains("member-password-1"));
        assertFalse(log.contains("outsider-password-1"));
        for (String secret : planted) {
            assertFalse(log.contains(secret), "a token leaked into the log");
        }
        String config = Files.readString(node.home().resolve("etc/dev.switchboard.identity.cfg"));
        assertFalse(config.contains(Node.OWNER_PASSWORD), "the owner password comes from the environment only");
    }

    private Http keyFor(String setCookie) {
        String cookie = setCookie.split(";", 2)[0];
        planted.add(cookie.substring(cookie.indexOf('=') + 1));
        Http.Response key = node.http().post("/api/v1/api-keys", "{\"name\":\"it\"}", cookie);
        assertEquals(201, key.status(), key.body());
        String value = key.json().path("key").asText();
        planted.add(value);
        return node.http().withBearer(value);
    }

    private static void assertProblem(Http.Response response, int status, String code) {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        JsonNode body = response.json();
        assertEquals(code, body.path("code").asText(), response.body());
    }
}
