package dev.switchboard.itests.container;

import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** Annotated mapper of the test probe: looks at the schema and the session. */
public interface SchemaProbe {

    @Select("SELECT count(*) FROM databasechangelog")
    long changeSets();

    @Select("SELECT count(*) FROM information_schema.tables WHERE table_name = #{name}")
    long tableCount(@Param("name") String name);

    @Select("SELECT pg_backend_pid()")
    int backendPid();

    @Select("SELECT 1 / 0")
    int failOnPurpose();
}
