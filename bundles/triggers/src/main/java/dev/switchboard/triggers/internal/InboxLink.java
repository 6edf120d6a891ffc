package dev.switchboard.triggers.internal;

import dev.switchboard.inbox.Inbox;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The inbox, when it is there. Triggers and schedules for automations keep working while the inbox bundle is
 * stopped or being replaced; events for skills or the inbox wait for their retried hand-off meanwhile.
 */
@Component(service = InboxLink.class)
public class InboxLink {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Inbox inbox;

    public InboxLink() {
    }

    /** A link to {@code inbox} (tests). */
    InboxLink(Inbox inbox) {
        this.inbox = inbox;
    }

    Optional<Inbox> get() {
        return Optional.ofNullable(inbox);
    }

    /** The inbox, or the failure to report: it is needed now. */
    Inbox require() {
        Inbox current = inbox;
        if (current == null) {
            throw new InboxUnavailableException();
        }
        return current;
    }

    /** The inbox bundle is not running. */
    static final class InboxUnavailableException extends IllegalStateException {
        InboxUnavailableException() {
            super("the inbox is not available");
        }
    }
}
