package dev.switchboard.secrets.internal;

import java.util.List;

/** What an import stored ({@code created}) and left alone because the key existed ({@code skipped}). */
public record ImportReport(List<String> created, List<String> skipped) {
}
