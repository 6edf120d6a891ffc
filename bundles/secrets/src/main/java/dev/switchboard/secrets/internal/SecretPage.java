package dev.switchboard.secrets.internal;

import java.util.List;

/** A page of secrets, newest first; {@code nextCursor} is null on the last page. */
public record SecretPage(List<SecretView> items, String nextCursor) {
}
