package dev.switchboard.inbox.internal;

import dev.switchboard.foundation.Transaction;
import dev.switchboard.inbox.Inbox;
import dev.switchboard.inbox.NewInboundMessage;
import dev.switchboard.runs.Outbox;
import dev.switchboard.skills.Skills;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The exported {@link Inbox}: a handed-over message and its {@value InboxConstants#MATCH_MESSAGE} row, in the caller's transaction. */
@Component(service = Inbox.class)
public class InboxService implements Inbox {

    private final InboxStore store;
    private final Outbox outbox;
    private final Skills skills;

    @Activate
    public InboxService(@Reference InboxStore store, @Reference Outbox outbox, @Reference Skills skills) {
        this.store = store;
        this.outbox = outbox;
        this.skills = skills;
    }

    @Override
    public Optional<UUID> receive(Transaction tx, NewInboundMessage message) {
        int inserted = store.messages(tx).insertHandedOver(message.id(), message.organizationId(), message.source(),
                message.sender(), message.subject(), message.text(), message.skill(),
                message.skill() == null ? null : InboxJson.write(message.fields()), message.originKey());
        if (inserted == 0) {
            return Optional.empty();
        }
        outbox.enqueue(tx, message.organizationId(), InboxConstants.MATCH_MESSAGE,
                Map.of("messageId", message.id().toString()));
        return Optional.of(message.id());
    }

    @Override
    public Optional<String> targetProblem(UUID organizationId, String slug, String source) {
        return Optional.ofNullable(SkillTargets.problem(
                slug == null ? null : skills.find(organizationId, null, slug).orElse(null), slug, source));
    }
}
