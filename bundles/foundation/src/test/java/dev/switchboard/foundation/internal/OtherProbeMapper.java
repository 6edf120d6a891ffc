package dev.switchboard.foundation.internal;

import org.apache.ibatis.annotations.Param;

/** A second bundle's mapper, kept in another mapper set than {@link ProbeMapper}. */
public interface OtherProbeMapper {

    int backendPid();

    long transactionId();

    int countNotes(@Param("text") String text);
}
