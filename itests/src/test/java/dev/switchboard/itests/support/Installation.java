package dev.switchboard.itests.support;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A fresh installation for one test class: its own database and one node started from the distribution,
 * waited for until health is UP. Closing it stops the node and drops the database.
 */
public final class Installation implements AutoCloseable {

    private final TestDatabase database;
    private final Node node;

    private Installation(TestDatabase database, Node node) {
        this.database = database;
        this.node = node;
    }

    public static Installation start(String name) {
        return start(name, UnaryOperator.identity());
    }

    /** @param configure sets the node's environment before it starts */
    public static Installation start(String name, UnaryOperator<Node> configure) {
        TestDatabase database = TestDatabase.create(name);
        Node node = configure.apply(Node.unpack(Path.of("target/blackbox/" + name + "-" + System.nanoTime()),
                database.url())).start();
        Installation installation = new Installation(database, node);
        awaitHealthUp(node);
        return installation;
    }

    public static void awaitHealthUp(Node node) {
        await("health UP").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> node.http().get("/api/v1/health").status() == 200);
    }

    public Node node() {
        return node;
    }

    public TestDatabase database() {
        return database;
    }

    /** The initial owner's client (an API key in the owner's personal organization). */
    public Http owner() {
        return node.ownerHttp();
    }

    /** Signs up a new user and returns a client with an API key in their personal organization. */
    public Http signUp(String email, String password, String name) {
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"" + name + "\"}";
        Http.Response signup = await("sign-up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> node.http().post("/api/v1/auth/signup", body), response -> response.status() != 404);
        if (signup.status() != 201) {
            throw new IllegalStateException("sign-up failed: " + signup.status() + " " + signup.body());
        }
        return node.withApiKey(signup.setCookie());
    }

    @Override
    public void close() throws InterruptedException {
        try {
            node.stop();
        } finally {
            database.close();
        }
    }
}
