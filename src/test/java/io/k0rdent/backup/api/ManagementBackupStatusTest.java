package io.k0rdent.backup.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.k0rdent.backup.api.velero.BackupStatus;

class ManagementBackupStatusTest {

    @Test
    void aShallowCopyHasEveryFieldOfTheOriginal() throws Exception {
        ManagementBackupStatus original = new ManagementBackupStatus();
        List<Field> fields = Arrays.stream(ManagementBackupStatus.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers())).toList();
        int n = 0;
        for (Field field : fields) {
            field.setAccessible(true);
            field.set(original, valueOf(field.getType(), n++));
        }

        ManagementBackupStatus copy = original.shallowCopy();

        assertThat(copy).isNotSameAs(original).isEqualTo(original);
        for (Field field : fields) {
            // a field added without being copied fails here: its value would be dropped from every status written
            assertThat(field.get(copy)).as(field.getName()).isNotNull().isSameAs(field.get(original));
        }
    }

    private static Object valueOf(Class<?> type, int n) throws Exception {
        if (type == String.class) {
            return "value " + n;
        }
        if (type == Long.class) {
            return (long) n;
        }
        if (type == List.class) {
            return new ArrayList<>(List.of());
        }
        if (type == BackupStatus.class) {
            BackupStatus status = new BackupStatus();
            status.setPhase("Completed");
            return status;
        }
        return type.getDeclaredConstructor().newInstance();
    }
}
