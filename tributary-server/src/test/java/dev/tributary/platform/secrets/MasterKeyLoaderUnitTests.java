package dev.tributary.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyLoaderUnitTests {

    @TempDir
    Path dataDir;

    @Test
    void generates_an_owner_only_key_file_once_and_reads_it_back() throws Exception {
        byte[] first = MasterKeyLoader.load(null, dataDir);
        Path file = dataDir.resolve(MasterKeyLoader.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(MasterKeyLoader.load("", dataDir)).isEqualTo(first).hasSize(32);
    }

    @Test
    void a_configured_key_wins_and_writes_no_file() {
        byte[] key = new byte[32];
        key[0] = 7;
        assertThat(MasterKeyLoader.load(Base64.getEncoder().encodeToString(key), dataDir)).isEqualTo(key);
        assertThat(dataDir.resolve(MasterKeyLoader.KEY_FILE)).doesNotExist();
    }

    @Test
    void a_malformed_key_stops_the_start_with_advice() {
        assertThatThrownBy(() -> MasterKeyLoader.load("not base64!", dataDir)).hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> MasterKeyLoader.load(Base64.getEncoder().encodeToString(new byte[16]), dataDir))
                .hasMessageContaining("32 bytes");
    }

    @Test
    void a_malformed_key_is_named_by_where_it_came_from_and_never_quoted() throws Exception {
        assertThatThrownBy(() -> MasterKeyLoader.load("zz-not-base64-zz", dataDir))
                .isInstanceOf(MalformedMasterKeyException.class)
                .hasMessageStartingWith("TRIBUTARY_MASTER_KEY is not base64: set TRIBUTARY_MASTER_KEY to the store's key")
                .hasMessageNotContaining("zz-not-base64-zz")
                .hasNoCause();
        Files.writeString(dataDir.resolve(MasterKeyLoader.KEY_FILE), "c2hvcnQ=\n");
        assertThatThrownBy(() -> MasterKeyLoader.load(null, dataDir))
                .isInstanceOf(MalformedMasterKeyException.class)
                .hasMessageStartingWith("The master key file " + dataDir.resolve(MasterKeyLoader.KEY_FILE) + " decodes to 5 bytes, not 32: ")
                .hasMessageNotContaining("c2hvcnQ");
    }
}
