package dev.switchboard.identity.internal;

import dev.switchboard.mail.MailException;
import dev.switchboard.mail.MailMessage;
import dev.switchboard.mail.MailSender;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Invitation and verification emails, when an SMTP server is configured. Links are never logged. */
@Component(service = IdentityMail.class)
public class IdentityMail {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityMail.class);

    /** How an email went out. */
    enum Delivery { EMAIL, LINK, EMAIL_FAILED }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MailSender sender;

    boolean configured() {
        MailSender current = sender;
        return current != null && current.isConfigured();
    }

    Delivery invitation(String email, String organizationName, String inviterName, String link) {
        return send(email, "You are invited to " + organizationName + " on Switchboard",
                inviterName + " invited you to join " + organizationName + " on Switchboard.\n\n"
                        + "Accept the invitation within 7 days:\n" + link + "\n\n"
                        + "If you did not expect this, ignore this email.\n");
    }

    Delivery verification(String email, String link) {
        return send(email, "Confirm your email address for Switchboard",
                "Confirm that this address belongs to you:\n" + link + "\n\n"
                        + "If you did not sign up for Switchboard, ignore this email.\n");
    }

    private Delivery send(String to, String subject, String text) {
        MailSender current = sender;
        if (current == null || !current.isConfigured()) {
            return Delivery.LINK;
        }
        try {
            current.send(new MailMessage(to, subject, text, null));
            return Delivery.EMAIL;
        } catch (MailException | RuntimeException e) {
            LOG.warn("email '{}' could not be sent: {}", subject, e.getMessage());
            return Delivery.EMAIL_FAILED;
        }
    }
}
