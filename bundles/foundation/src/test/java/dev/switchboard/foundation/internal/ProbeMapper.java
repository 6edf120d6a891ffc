package dev.switchboard.foundation.internal;

import org.apache.ibatis.annotations.Param;

/** A test bundle's mapper: tells which server process and transaction it runs in, and writes notes. */
public interface ProbeMapper {

    int backendPid();

    long transactionId();

    int insertNote(@Param("text") String text);

    int countNotes(@Param("text") String text);
}
