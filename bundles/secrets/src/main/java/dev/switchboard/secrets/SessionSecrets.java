package dev.switchboard.secrets;

import java.util.List;
import java.util.Map;

/**
 * What a session starts with: decrypted environment variables and the env files to write.
 * Holds plaintext values: never log it.
 */
public record SessionSecrets(Map<String, String> variables, List<EnvFileSpec> envFiles) {

    public SessionSecrets {
        variables = Map.copyOf(variables);
        envFiles = List.copyOf(envFiles);
    }

    @Override
    public String toString() {
        return "SessionSecrets[variables=" + variables.keySet() + ", envFiles=" + envFiles + "]";
    }
}
