package dev.switchboard.actions;

import java.util.UUID;

/**
 * Told that an invocation was decided: it left {@code pending} (denied, expired) or finished running (completed,
 * failed). Register one as an OSGi service. It is called on the node where that happened, after the change
 * committed, on the thread that made it: keep it short and hand longer work to a thread of your own. A listener
 * that throws is logged and the others are still called. A decision may be told more than once (an expired
 * invocation again when someone tries to approve it late), so act on it only once; and a node stopping at the wrong
 * moment tells nobody: look at the invocation again now and then ({@link ActionInvoker#outcome}).
 */
@FunctionalInterface
public interface InvocationListener {

    void decided(UUID organizationId, UUID invocationId, ActionStatus status);
}
