package dev.switchboard.skills.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.plugins.testing.TestPluginRegistry;
import dev.switchboard.skills.ResolvedSkill;
import dev.switchboard.skills.SkillRole;
import dev.switchboard.skills.SkillSource;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.skill.MatchSource;
import dev.switchboard.spi.skill.Role;
import dev.switchboard.spi.skill.Skill;
import dev.switchboard.spi.skill.SkillAct;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Vector;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

class DeployedSkillsTest {

    /** The example bundle's skill folder, read as the extender reads a started bundle. */
    private static final Path EXAMPLE_PACK = Path.of("../examples/skills-pack/src/main/resources/skills");

    private final TestPluginRegistry registry = new TestPluginRegistry();
    private final DeployedSkills deployed = new DeployedSkills(registry);
    private final SkillBundleExtender extender = new SkillBundleExtender(deployed);

    @Test
    void theExamplePacksSkillsLoadWithTheirBundleAndGoWithIt() throws IOException {
        Bundle pack = bundle(7, "switchboard-example-skills-pack", "skills/", EXAMPLE_PACK);

        Long tracked = extender.addingBundle(pack, null);
        Map<String, ResolvedSkill> all = deployed.all();

        assertEquals(7L, tracked);
        assertEquals(List.of("expense-digest", "expense-tracker", "invite-detector", "linear-triage",
                "tax-tracker"), List.copyOf(all.keySet()));
        assertEquals(java.util.Set.of(dev.switchboard.spi.skill.MatchSource.CRON),
                all.get("expense-digest").definition().matchSettings().sources(), "schedules invoke it by name");
        ResolvedSkill tax = all.get("tax-tracker");
        assertEquals(SkillSource.DEPLOYED, tax.source());
        assertEquals("switchboard-example-skills-pack", tax.origin());
        assertEquals(Set.of(MatchSource.EMAIL), tax.definition().matchSettings().sources());
        assertTrue(tax.definition().matchSettings().act() instanceof SkillAct.ExecuteWithTools);
        assertEquals(Set.of(MatchSource.EMAIL, MatchSource.MESSAGE),
                all.get("expense-tracker").definition().matchSettings().sources());
        assertEquals(List.of("linear"), all.get("linear-triage").definition().requiredCapabilities());
        assertEquals(Set.of("LINEAR_API_URL", "LINEAR_ACCESS_TOKEN"), all.get("linear-triage").definition().placeholders());

        extender.removedBundle(pack, null, tracked);
        assertTrue(deployed.all().isEmpty());
    }

    @Test
    void aBundleWithoutTheHeaderIsNotTracked() throws IOException {
        assertNull(extender.addingBundle(bundle(8, "plain", null, EXAMPLE_PACK), null));
    }

    @Test
    void aBrokenFileIsSkippedAndTheOthersLoad(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("good.md"), "---\ndescription: fine\n---\nDo it.");
        Files.writeString(folder.resolve("broken.md"), "no front matter");
        Files.createDirectories(folder.resolve("nested"));
        Files.writeString(folder.resolve("nested/SKILL.md"), "---\nrequiredRole: owner\n---\nNested.");

        extender.addingBundle(bundle(9, "mixed", "skills", folder), null);

        assertEquals(List.of("good", "nested"), List.copyOf(deployed.all().keySet()));
        assertEquals(SkillRole.OWNER, deployed.all().get("nested").definition().requiredRole());
    }

    @Test
    void aPluginServiceWinsOverAFileAndDisappearsWithItsBundle() {
        deployed.addBundle(3, "files", List.of(SkillTexts.definition(
                SkillTexts.parseMarkdown("---\nname: digest\n---\nFrom a file."), null)));
        registry.add(new DigestSkill());

        ResolvedSkill digest = deployed.all().get("digest");
        assertEquals("From the plugin.", digest.definition().instructions());
        assertEquals("digest", digest.origin());
        assertEquals(SkillRole.ADMIN, digest.definition().requiredRole());

        registry.remove("digest");
        assertEquals("From a file.", deployed.all().get("digest").definition().instructions());
        deployed.removeBundle(3);
        assertTrue(deployed.all().isEmpty());
    }

    @Test
    void ofTwoFilesTheLowerBundleIdWins() {
        deployed.addBundle(12, "later", List.of(SkillTexts.definition(SkillTexts.parseMarkdown("---\nname: s\n---\nLater."), null)));
        deployed.addBundle(4, "earlier", List.of(SkillTexts.definition(SkillTexts.parseMarkdown("---\nname: s\n---\nEarlier."), null)));
        assertEquals("earlier", deployed.all().get("s").origin());
    }

    private static final class DigestSkill implements Skill {
        @Override
        public PluginDescriptor descriptor() {
            return PluginDescriptor.of("digest", "Digest", "1.0.0", "A daily digest");
        }

        @Override
        public String intent() {
            return "the user asks for a digest";
        }

        @Override
        public String instructions() {
            return "From the plugin.";
        }

        @Override
        public Role requiredRole() {
            return Role.ADMIN;
        }
    }

    /** A started bundle whose entries are the files under {@code folder}. */
    private static Bundle bundle(long id, String name, String header, Path folder) throws IOException {
        List<URL> urls;
        try (Stream<Path> files = Files.walk(folder)) {
            urls = files.filter(path -> path.toString().endsWith(".md")).map(path -> {
                try {
                    return path.toUri().toURL();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        Dictionary<String, String> headers = new Hashtable<>();
        if (header != null) {
            headers.put(SkillBundleExtender.HEADER, header);
        }
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> headers;
                    case "getBundleId" -> id;
                    case "getSymbolicName" -> name;
                    case "findEntries" -> Collections.enumeration(new Vector<>(urls));
                    case "hashCode" -> (int) id;
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
