package dev.switchboard.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.itests.support.Http;
import dev.switchboard.itests.support.Node;
import dev.switchboard.itests.support.Installation;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Invitation and verification emails through a real SMTP server (GreenMail in the test JVM). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailBlackBoxIT {

    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");

    private GreenMail smtp;
    private Installation installation;
    private Node node;
    private Http owner;

    @BeforeAll
    void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        installation = Installation.start("email", configured -> configured
                .env("SWITCHBOARD_SMTP_HOST", "127.0.0.1")
                .env("SWITCHBOARD_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()))
                .env("SWITCHBOARD_SMTP_STARTTLS", "false")
                .env("SWITCHBOARD_MAIL_FROM", "Switchboard <switchboard@it.example>"));
        node = installation.node();
        owner = node.ownerHttp();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (installation != null) {
            installation.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void invitationIsEmailedAndItsLinkIsNotReturnedToTheInviter() throws Exception {
        Http.Response invite = owner.post("/api/v1/invitations", "{\"email\":\"invitee@it.example\",\"role\":\"member\"}");
        assertEquals(201, invite.status(), invite.body());
        assertEquals("email", invite.json().path("delivery").asText());
        assertFalse(invite.json().has("inviteUrl"), "an emailed link goes to the invitee only");

        MimeMessage mail = awaitMailTo("invitee@it.example");
        assertTrue(mail.getSubject().contains("invited"), mail.getSubject());
        String token = tokenIn(GreenMailUtil.getBody(mail));
        Http.Response accepted = node.http().post("/api/v1/invitations/accept",
                "{\"token\":\"" + token + "\",\"name\":\"Invitee\",\"password\":\"invitee-password-1\"}");
        assertEquals(201, accepted.status(), accepted.body());
        assertTrue(owner.get("/api/v1/members").body().contains("invitee@it.example"));
        assertFalse(node.log().contains(token), "the link is never logged");
    }

    @Test
    void signUpSendsAVerificationEmailThatConfirmsTheAddress() throws Exception {
        Http.Response signup = node.http().post("/api/v1/auth/signup",
                "{\"email\":\"verify@it.example\",\"password\":\"verify-password-1\",\"name\":\"Verify\"}");
        assertEquals(201, signup.status(), signup.body());
        assertFalse(signup.json().path("user").path("emailVerified").asBoolean());

        String token = tokenIn(GreenMailUtil.getBody(awaitMailTo("verify@it.example")));
        assertEquals(204, node.http().post("/api/v1/auth/verify-email", "{\"token\":\"" + token + "\"}").status());
        assertEquals(404, node.http().post("/api/v1/auth/verify-email", "{\"token\":\"" + token + "\"}").status(),
                "a verification link works once");
        Http.Response login = node.http().post("/api/v1/auth/login",
                "{\"email\":\"verify@it.example\",\"password\":\"verify-password-1\"}");
        assertTrue(login.json().path("user").path("emailVerified").asBoolean());
    }

    private MimeMessage awaitMailTo(String address) {
        return await("mail to " + address).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> find(address), message -> message != null);
    }

    private MimeMessage find(String address) throws Exception {
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (message.getAllRecipients()[0].toString().equals(address)) {
                return message;
            }
        }
        return null;
    }

    private static String tokenIn(String body) {
        Matcher matcher = TOKEN.matcher(body.replace("=\r\n", "").replace("=3D", "="));
        assertTrue(matcher.find(), body);
        return matcher.group(1);
    }
}
