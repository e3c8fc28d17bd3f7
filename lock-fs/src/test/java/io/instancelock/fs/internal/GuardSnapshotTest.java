package io.instancelock.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading {@code /proc/locks}: the text as Linux writes it, and where that text can be trusted. */
class GuardSnapshotTest {

    private static final long OWN_PID = 4242;
    private static final String MARK = Long.toString(GuardSnapshot.MARK_OFFSET);
    private static final long BYTE_A = (1L << 62) + 17;
    private static final long BYTE_B = (1L << 62) + 99_999;
    private static final long BYTE_C = (1L << 62) + 123_456_789;

    /** The guard is inode 1311 on device 103:02; another lock directory's guard is 1311 on fd:00. */
    private static String procLocks(String... more) {
        StringBuilder text = new StringBuilder();
        text.append("1: POSIX  ADVISORY  READ 4242 103:02:1311 ")
                .append(MARK)
                .append(' ')
                .append(MARK)
                .append('\n');
        text.append("2: POSIX  ADVISORY  WRITE 901 103:02:1311 ")
                .append(BYTE_A)
                .append(' ')
                .append(BYTE_A)
                .append('\n');
        text.append("2: -> POSIX  ADVISORY  WRITE 902 103:02:1311 ")
                .append(BYTE_A)
                .append(' ')
                .append(BYTE_A)
                .append('\n');
        text.append(" 2: -> POSIX  ADVISORY  WRITE 903 103:02:1311 ")
                .append(BYTE_C)
                .append(' ')
                .append(BYTE_C)
                .append('\n');
        text.append("3: POSIX  ADVISORY  WRITE 901 fd:00:1311 ")
                .append(BYTE_B)
                .append(' ')
                .append(BYTE_B)
                .append('\n');
        text.append("4: FLOCK  ADVISORY  WRITE 905 103:02:1311 0 EOF\n");
        text.append("5: POSIX  ADVISORY  READ 906 103:02:1311 ")
                .append(BYTE_B)
                .append(' ')
                .append(BYTE_B)
                .append('\n');
        text.append("6: POSIX  ADVISORY  WRITE 4242 103:02:1311 ")
                .append(BYTE_C)
                .append(' ')
                .append(BYTE_C)
                .append('\n');
        for (String line : more) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    @Test
    void onlyOtherProcessesExclusiveLocksOnTheMarkedFileCountAsHeld() {
        // when
        GuardSnapshot snapshot = GuardSnapshot.parse(procLocks(), OWN_PID);

        // then: 901's byte A; not a blocked request (C), another device's file (B), a shared lock (B),
        // a flock(2) lock, or this process's own lock (C)
        assertThat(snapshot).isNotNull();
        assertThat(snapshot.heldElsewhere(BYTE_A)).isTrue();
        assertThat(snapshot.heldElsewhere(BYTE_B)).isFalse();
        assertThat(snapshot.heldElsewhere(BYTE_C)).isFalse();
        assertThat(snapshot.size()).isEqualTo(1);
    }

    @Test
    void aRangeUpToTheEndAndAnOpenFileDescriptionLockExcludeLikeAByte() {
        // given: an OFD lock (pid -1) on B, and a foreign tool's lock from C to the end of the file
        String text = procLocks(
                "7: OFDLCK ADVISORY  WRITE -1 103:02:1311 " + BYTE_B + " " + BYTE_B,
                "8: POSIX  ADVISORY  WRITE 907 103:02:1311 " + BYTE_C + " EOF");

        // when
        GuardSnapshot snapshot = GuardSnapshot.parse(text, OWN_PID);

        // then
        assertThat(snapshot.heldElsewhere(BYTE_B)).isTrue();
        assertThat(snapshot.heldElsewhere(BYTE_C + 5)).isTrue();
        assertThat(snapshot.heldElsewhere(BYTE_C - 1)).isFalse();
    }

    @Test
    void aReadingWithoutThisProcessesMarkIsNotTrusted() {
        // given: the mark is not there (hidden, or the reading was taken without it)
        String text = procLocks().lines().skip(1).reduce("", (all, line) -> all + line + "\n");

        // when / then
        assertThat(GuardSnapshot.parse(text, OWN_PID)).isNull();
    }

    @Test
    void aReadingWithTwoMarksOfThisProcessOnDifferentFilesIsNotTrusted() {
        // given: a second mark of this process on another file
        String text = procLocks("9: POSIX  ADVISORY  READ 4242 fd:00:77 " + MARK + " " + MARK);

        // when / then
        assertThat(GuardSnapshot.parse(text, OWN_PID)).isNull();
    }

    @Test
    void aNumberInAFormatThisParserDoesNotKnowMakesTheReadingUntrusted() {
        // given
        String text = procLocks("10: POSIX  ADVISORY  WRITE 908 103:02:1311 0x40 0x40");

        // when / then
        assertThat(GuardSnapshot.parse(text, OWN_PID)).isNull();
    }

    @Test
    void theReadingIsCompleteOnlyInTheInitialPidNamespaceOnALocalFileSystem() {
        assertThat(GuardSnapshot.usable(GuardSnapshot.INITIAL_PID_NAMESPACE, "ext4"))
                .isTrue();
        assertThat(GuardSnapshot.usable(GuardSnapshot.INITIAL_PID_NAMESPACE, "tmpfs"))
                .isTrue();
        // a container's namespace does not see the host's holders
        assertThat(GuardSnapshot.usable("pid:[4026532201]", "ext4")).isFalse();
        // another computer's locks on a network file system are not in this kernel's list
        assertThat(GuardSnapshot.usable(GuardSnapshot.INITIAL_PID_NAMESPACE, "nfs4"))
                .isFalse();
        assertThat(GuardSnapshot.usable(GuardSnapshot.INITIAL_PID_NAMESPACE, "fuse.sshfs"))
                .isFalse();
        assertThat(GuardSnapshot.usable(GuardSnapshot.INITIAL_PID_NAMESPACE, "cifs"))
                .isFalse();
    }
}
