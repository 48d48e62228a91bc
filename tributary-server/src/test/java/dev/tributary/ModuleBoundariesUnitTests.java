package dev.tributary;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package-by-feature boundaries (docs/architecture.md): every table has one owning package and
 * no other package's SQL names it; packages depend on each other without cycles; a package's
 * {@code internal} sub-packages are its own. Read from the compiled classes and the SQL in the sources.
 */
class ModuleBoundariesUnitTests {

    /** Each table and the one package whose SQL may read or write it. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("organization", "accounts"), Map.entry("accounts", "accounts"), Map.entry("users", "accounts"),
            Map.entry("account_settings", "accounts"),
            Map.entry("instances", "instances"), Map.entry("instance_tags", "instances"),
            Map.entry("instance_configuration", "instances"), Map.entry("instance_webhooks", "instances"),
            Map.entry("instance_cleanup_failures", "instances"),
            Map.entry("received_webhooks", "ingest"), Map.entry("shop_redactions", "ingest"),
            Map.entry("poll_states", "polling"), Map.entry("polled_objects", "polling"),
            Map.entry("notifications", "delivery"), Map.entry("deliveries", "delivery"),
            Map.entry("object_versions", "delivery"),
            Map.entry("delivery_attempts", "delivery"), Map.entry("callback_subscriptions", "delivery"));

    static final Path SOURCES = Path.of("src", "main", "java", "dev", "tributary");
    static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");
    static final Pattern SQL_TABLE = Pattern.compile("\\b(?:FROM|INTO|UPDATE|JOIN)\\s+([a-z_]+)\\b");
    static final Pattern CREATED_TABLE = Pattern.compile("CREATE TABLE\\s+([a-z_]+)");

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tributary");

    @Test
    void every_table_has_an_owner_and_only_its_owner_names_it_in_sql() {
        Set<String> created = new TreeSet<>();
        for (Path migration : files(MIGRATIONS, ".sql")) {
            Matcher matcher = CREATED_TABLE.matcher(read(migration));
            while (matcher.find()) {
                created.add(matcher.group(1));
            }
        }
        assertThat(OWNERS.keySet()).as("every table the migrations create has an owner here")
                .containsExactlyInAnyOrderElementsOf(created);

        Map<String, Set<String>> namedBy = new TreeMap<>();
        for (Path source : files(SOURCES, ".java")) {
            String module = SOURCES.relativize(source).getName(0).toString();
            Matcher matcher = SQL_TABLE.matcher(read(source));
            while (matcher.find()) {
                if (OWNERS.containsKey(matcher.group(1))) {
                    namedBy.computeIfAbsent(matcher.group(1), t -> new TreeSet<>()).add(module);
                }
            }
        }
        namedBy.forEach((table, modules) -> assertThat(modules).as("packages whose SQL names " + table)
                .containsExactly(OWNERS.get(table)));
        assertThat(namedBy).as("tables found in SQL").containsKeys("deliveries", "notifications", "received_webhooks");
    }

    @Test
    void packages_depend_on_each_other_without_cycles() {
        slices().matching("dev.tributary.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void an_internal_package_is_reached_only_from_its_own_package() {
        List<String> violations = new ArrayList<>();
        for (JavaClass target : CLASSES) {
            String name = target.getPackageName();
            int internal = name.indexOf(".internal");
            if (internal < 0) {
                continue;
            }
            String owner = name.substring(0, internal);
            for (Dependency dependency : target.getDirectDependenciesToSelf()) {
                String from = dependency.getOriginClass().getPackageName();
                if (!from.equals(owner) && !from.startsWith(owner + ".")) {
                    violations.add(dependency.getDescription());
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    static List<Path> files(Path root, String suffix) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> path.toString().endsWith(suffix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
