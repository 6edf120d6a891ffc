package dev.switchboard.foundation;

/**
 * Registered once a module's changelog has been applied. A component that needs the tables of module
 * {@code m} holds a static reference with target {@code (schema.module=m)}.
 *
 * <p>A bundle owns a module by declaring the manifest header
 * {@code Switchboard-Changelog: db/changelog/<module>/changelog.xml;module=<module>;after=<m1>|<m2>}.
 * The foundation applies changelogs in the order {@code after} gives ({@link #FOUNDATION} is implied),
 * retrying while the database is unreachable.
 */
public interface SchemaReady {

    /** Service property naming the module. */
    String MODULE_PROPERTY = "schema.module";

    /** The manifest header a bundle declares its changelog with. */
    String CHANGELOG_HEADER = "Switchboard-Changelog";

    /** The foundation's own module (schema history, idempotency keys). */
    String FOUNDATION = "foundation";

    String module();
}
