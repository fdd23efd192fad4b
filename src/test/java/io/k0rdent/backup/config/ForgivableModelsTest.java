package io.k0rdent.backup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.api.velero.DeleteBackupRequest;
import io.k0rdent.backup.api.velero.Restore;

/**
 * TolerantReading forgives a field one at a time when Jackson sets it through a setter or a field; a value passed to a
 * constructor ({@code @JsonCreator}, records) is buffered with the others and not forgiven alone. So no model class the
 * operator reads objects into may take its properties through a constructor.
 */
class ForgivableModelsTest {

    static final List<Class<?>> READ = List.of(ManagementBackup.class, ManagementRestore.class, Backup.class, Restore.class,
            BackupStorageLocation.class, DeleteBackupRequest.class);

    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void everyModelClassTheOperatorReadsSetsItsPropertiesOneByOne() {
        Set<Class<?>> seen = new HashSet<>();
        Deque<JavaType> pending = new ArrayDeque<>();
        READ.forEach(type -> pending.add(mapper.constructType(type)));
        while (!pending.isEmpty()) {
            JavaType type = pending.pop();
            if (type.isContainerType()) {
                if (type.getContentType() != null) {
                    pending.add(type.getContentType());
                }
                continue;
            }
            Class<?> raw = type.getRawClass();
            if (raw.isPrimitive() || raw.isEnum() || raw.getName().startsWith("java.") || !seen.add(raw)) {
                continue;
            }
            BeanDescription bean = mapper.getDeserializationConfig().introspect(type);
            if (raw.getName().startsWith("io.k0rdent.")) {
                assertThat(raw.isRecord()).as("%s is a record", raw.getName()).isFalse();
                assertThat(bean.getConstructors()).as("%s has a @JsonCreator constructor", raw.getName())
                        .noneMatch(c -> c.hasAnnotation(JsonCreator.class));
                assertThat(bean.findDefaultConstructor()).as("%s has no default constructor", raw.getName()).isNotNull();
            }
            for (BeanPropertyDefinition property : bean.findProperties()) {
                if (property.hasSetter() || property.hasField()) {
                    pending.add(property.getPrimaryType());
                }
            }
        }
        assertThat(seen).as("model classes walked").hasSizeGreaterThan(15);
    }
}
