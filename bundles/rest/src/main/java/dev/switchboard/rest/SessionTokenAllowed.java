package dev.switchboard.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method (or class) that agents in sandboxes may call with their session token. Everything
 * else refuses session tokens with 403, so a sandbox reaches only what it was meant to.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface SessionTokenAllowed {
}
