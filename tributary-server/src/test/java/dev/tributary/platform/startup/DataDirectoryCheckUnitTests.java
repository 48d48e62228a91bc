package dev.tributary.platform.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class DataDirectoryCheckUnitTests {

    @TempDir
    Path temp;

    @Test
    void creates_a_missing_directory_and_leaves_nothing_behind_in_it() throws Exception {
        Path dataDir = temp.resolve("a").resolve("data");

        DataDirectoryCheck.requireWritable(dataDir);

        assertThat(dataDir).isDirectory();
        try (var files = Files.list(dataDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void a_path_under_a_regular_file_is_named_with_the_variable_to_change() throws Exception {
        Path file = Files.writeString(temp.resolve("file"), "x");

        assertThatThrownBy(() -> DataDirectoryCheck.requireWritable(file.resolve("data")))
                .isInstanceOf(UnwritableDataDirectoryException.class)
                .hasMessage("The data directory " + file.resolve("data") + " cannot be created or written (Not a directory): "
                        + "set TRIBUTARY_DATA_DIR to a writable directory");
        assertThatThrownBy(() -> DataDirectoryCheck.requireWritable(file))
                .hasMessageContaining("(a file is in the way)");
    }

    @Test
    void a_directory_without_write_permission_is_refused() throws Exception {
        Path readOnly = Files.createDirectory(temp.resolve("read-only"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
        assumeFalse(Files.isWritable(readOnly), "running as root: permissions do not stop writes");

        assertThatThrownBy(() -> DataDirectoryCheck.requireWritable(readOnly)).hasMessageContaining("(permission denied)");
    }

    @Test
    void the_directory_is_needed_for_sqlite_or_for_the_key_file() {
        assertThat(DataDirectoryCheck.needsDataDirectory(new MockEnvironment())).isTrue();
        assertThat(DataDirectoryCheck.needsDataDirectory(new MockEnvironment()
                .withProperty("tributary.database.url", "jdbc:postgresql://db/tributary"))).isTrue();
        assertThat(DataDirectoryCheck.needsDataDirectory(new MockEnvironment()
                .withProperty("tributary.database.url", "jdbc:postgresql://db/tributary")
                .withProperty("tributary.master-key", "a key"))).isFalse();
    }
}
