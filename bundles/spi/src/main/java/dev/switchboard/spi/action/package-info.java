/**
 * Action adapters: {@link dev.switchboard.spi.action.ActionAdapter} describes the operations an agent may
 * perform on an outside service and performs them with a token the engine supplies.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.switchboard.spi.action;
