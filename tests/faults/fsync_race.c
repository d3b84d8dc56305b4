// What ext4 promises when a disk error races a commit's sync, without SQLite or the host:
// appends "commits" of three 4,120-byte frames (SQLite's WAL frame for 4 KiB pages), each
// followed by fdatasync (or fsync), while another thread fires ext4's trigger_fs_error. Prints
// two byte counts: those the sync acknowledged, and those acknowledged by the sync and then by
// the journal probe the host makes after each commit (an O_TMPFILE file in the same folder).
// fsync_race.sh compares both with the file's size after e2fsck.
//
//   fsync_race FOLDER TRIGGER_FS_ERROR_KNOB [fsync]
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char* knob;

static void* fireError(void* unused) {
  (void)unused;
  usleep(100000 + rand() % 50000);
  const int fd = open(knob, O_WRONLY);
  if (fd >= 0) {
    if (write(fd, "1\n", 2) != 2) perror("trigger_fs_error");
    close(fd);
  }
  return NULL;
}

static int journalProbe(const char* folder) {
  const int fd = open(folder, O_TMPFILE | O_WRONLY, 0600);
  if (fd < 0) return -1;
  return close(fd);
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s FOLDER TRIGGER_FS_ERROR_KNOB [fsync]\n", argv[0]);
    return 2;
  }
  knob = argv[2];
  const int fullSync = argc > 3 && strcmp(argv[3], "fsync") == 0;
  srand((unsigned)time(NULL) ^ (unsigned)getpid());
  char path[4096];
  snprintf(path, sizeof path, "%s/wal", argv[1]);
  const int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    perror(path);
    return 1;
  }
  static char frame[4120];
  memset(frame, 'F', sizeof frame);
  pthread_t trigger;
  pthread_create(&trigger, NULL, fireError, NULL);
  long long written = 0, synced = 0, probed = 0;
  int stopped = 0;
  while (!stopped) {
    for (int i = 0; i < 3 && !stopped; ++i) {
      if (write(fd, frame, sizeof frame) != (ssize_t)sizeof frame) stopped = 1;
      else written += sizeof frame;
    }
    if (stopped || (fullSync ? fsync(fd) : fdatasync(fd)) != 0) break;
    synced = written;
    if (journalProbe(argv[1]) != 0) break;
    probed = written;
  }
  pthread_join(trigger, NULL);
  printf("%lld %lld\n", synced, probed);
  return 0;
}
