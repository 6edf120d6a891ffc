package dev.switchboard.examples.echo;

import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.action.ActionAdapter;
import dev.switchboard.spi.action.ActionDefinition;
import dev.switchboard.spi.action.ActionException;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.action.ActionResult;
import dev.switchboard.spi.action.RiskLevel;
import dev.switchboard.spi.AccessToken;
import org.osgi.service.component.annotations.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The smallest useful action adapter: {@code echo} (read) returns what it was given, {@code note} (write)
 * appends a note to an in-memory list. It needs no connection, so the engine passes {@link AccessToken#NONE}.
 */
@Component(service = ActionAdapter.class)
public final class EchoActionAdapter implements ActionAdapter {

    static final String ID = "echo";

    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(ID, "Echo", "1.0.0",
            "Example actions that echo parameters and keep notes in memory.", PluginDescriptor.NO_CONFIG_SCHEMA,
            Set.of());

    private static final ActionDefinition ECHO = new ActionDefinition("echo",
            "Returns the parameters it receives and the deadline of the call.", RiskLevel.READ, """
            {"type": "object",
             "properties": {"message": {"type": "string", "minLength": 1, "description": "Text to echo"}},
             "required": ["message"]}""");

    private static final ActionDefinition NOTE = new ActionDefinition("note",
            "Appends a note to the adapter's in-memory list and returns its index.", RiskLevel.WRITE, """
            {"type": "object",
             "properties": {"text": {"type": "string", "minLength": 1, "description": "The note"}},
             "required": ["text"], "additionalProperties": false}""");

    private static final String GUIDE = """
            # Echo
            - `echo` (read): `{"message": "hi"}` returns the parameters and the call's `deadline`.
            - `note` (write, needs approval): `{"text": "remember this"}` appends a note and returns its
              `index` and the `count` of notes. Retries with the same idempotency key do not add it twice.
            """;

    private final List<String> notes = new ArrayList<>();
    private final Map<String, Integer> indexByIdempotencyKey = new HashMap<>();

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public String service() {
        return ID;
    }

    @Override
    public boolean requiresConnection() {
        return false;
    }

    @Override
    public List<ActionDefinition> actions() {
        return List.of(ECHO, NOTE);
    }

    @Override
    public String guide() {
        return GUIDE;
    }

    @Override
    public ActionResult execute(ActionRequest request, AccessToken token) throws ActionException {
        return switch (request.action()) {
            case "echo" -> echo(request);
            case "note" -> note(request);
            default -> throw ActionException.notFound("unknown action: " + request.action());
        };
    }

    private ActionResult echo(ActionRequest request) throws ActionException {
        require(request, "message");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("params", request.params());
        data.put("deadline", request.deadline().toString());
        return ActionResult.of(data);
    }

    private ActionResult note(ActionRequest request) throws ActionException {
        String text = require(request, "text");
        synchronized (notes) {
            Integer index = request.idempotencyKey() == null ? null : indexByIdempotencyKey.get(request.idempotencyKey());
            if (index == null) {
                notes.add(text);
                index = notes.size() - 1;
                if (request.idempotencyKey() != null) {
                    indexByIdempotencyKey.put(request.idempotencyKey(), index);
                }
            }
            return ActionResult.of(Map.of("index", index, "count", notes.size()));
        }
    }

    private static String require(ActionRequest request, String param) throws ActionException {
        return request.stringParam(param)
                .orElseThrow(() -> ActionException.badParam(param, "is required and must be a non-empty string"));
    }
}
