package dev.switchboard.secrets.internal.shell;

import dev.switchboard.secrets.SecretCipherException;
import dev.switchboard.secrets.internal.ReencryptionReport;
import dev.switchboard.secrets.internal.ReencryptionService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code switchboard:secrets-reencrypt}: what {@code POST /api/v1/secrets/reencrypt} does, from the shell. */
@Service
@Command(scope = "switchboard", name = "secrets-reencrypt",
        description = "Re-encrypts every encrypted value (secrets and other participants) under the active key")
public class ReencryptCommand implements Action {

    @Reference
    ReencryptionService reencryption;

    @Override
    public Object execute() {
        ReencryptionReport report;
        try {
            report = reencryption.runAll();
        } catch (SecretCipherException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        System.out.println("active key: " + report.activeKeyId());
        for (ReencryptionReport.Result result : report.participants()) {
            System.out.println("  " + result.name() + ": " + (result.error() == null
                    ? result.reencrypted() + " re-encrypted" : "FAILED - " + result.error()));
        }
        System.out.println("total: " + report.total());
        if (!report.complete()) {
            throw new IllegalStateException("re-encryption incomplete: "
                    + report.participants().stream().filter(r -> r.error() != null).map(ReencryptionReport.Result::name)
                            .toList() + " failed; fix the cause and run again");
        }
        return null;
    }
}
