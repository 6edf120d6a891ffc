package dev.switchboard.identity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every statement on organization data names its organization. The few that cannot (a credential is
 * looked up by its hash before anyone knows the organization; the organizations table is keyed by the
 * organization itself; a user lists their own memberships) are listed here, so a new one is a decision.
 */
class MapperScopeTest {

    private static final Set<String> UNSCOPED = Set.of(
            "CredentialMapper.apiKeyByHash", "CredentialMapper.sessionTokenByHash", "CredentialMapper.touchApiKey",
            "InvitationMapper.lockByToken",
            "OrganizationMapper.insertOrganization", "OrganizationMapper.organization",
            "OrganizationMapper.updateOrganization", "OrganizationMapper.slugTaken",
            "OrganizationMapper.deleteOrganization", "OrganizationMapper.membershipsOfUser");

    private static String sql(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            if (annotation instanceof Select select) {
                return String.join(" ", select.value());
            }
            if (annotation instanceof Update update) {
                return String.join(" ", update.value());
            }
            if (annotation instanceof Insert insert) {
                return String.join(" ", insert.value());
            }
            if (annotation instanceof Delete delete) {
                return String.join(" ", delete.value());
            }
        }
        return null;
    }

    private static final List<Class<?>> MAPPERS = List.of(OrganizationMapper.class, CredentialMapper.class,
            InvitationMapper.class, AuditMapper.class);

    @Test
    void everyStatementNamesTheOrganization() {
        List<String> unscoped = new ArrayList<>();
        for (Class<?> mapper : MAPPERS) {
            for (Method method : mapper.getDeclaredMethods()) {
                String sql = sql(method);
                String name = mapper.getSimpleName() + "." + method.getName();
                if (sql != null && !UNSCOPED.contains(name) && !sql.contains("#{organizationId}")) {
                    unscoped.add(name + ": " + sql);
                }
            }
        }

        assertEquals(List.of(), unscoped);
    }

    @Test
    void theExceptionsStillExist() {
        Set<String> statements = new HashSet<>();
        for (Class<?> mapper : MAPPERS) {
            for (Method method : mapper.getDeclaredMethods()) {
                statements.add(mapper.getSimpleName() + "." + method.getName());
            }
        }

        assertTrue(statements.containsAll(UNSCOPED), "remove stale exceptions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"apiKey", "apiKeys", "revokeApiKey", "revokeSessionTokens", "invitation", "list", "decide",
        "cancelExpired", "membership", "members", "updateRole", "deleteMember", "lockAndCountOwners"})
    void readsAndChangesFilterByTheOrganization(String method) {
        boolean found = false;
        for (Class<?> mapper : MAPPERS) {
            for (Method candidate : mapper.getDeclaredMethods()) {
                if (candidate.getName().equals(method)) {
                    found = true;
                    assertTrue(sql(candidate).contains("organization_id = #{organizationId}"),
                            mapper.getSimpleName() + "." + method);
                }
            }
        }
        assertTrue(found, method);
    }
}
