# SPDX-License-Identifier: MIT
"""The ext2 disk of the disk rows: made at build time by Debian's
`mke2fs -d` from a tree written here, copied for each boot, and judged
after it by e2fsprogs alone (`e2fsck -fn` must call it clean; `debugfs`
dumps what the boot wrote). The kernel's side is
tests/fs/ext2_disk_boot_test.c: change both together.

    python3 -m oomlab.ext2_disk OUT.img     (what `make` runs)

The image is a 16 MiB ext2 file system of 1 KiB blocks followed by one
scratch MiB no file system covers (the AHCI suite's raw writes).
"""
import os
import random
import subprocess
import sys
import tempfile
import zlib

FS_KIB = 16 * 1024
SCRATCH_SECTORS = 2048
SECTOR = 512
IMAGE_BYTES = FS_KIB * 1024 + SCRATCH_SECTORS * SECTOR
SCRATCH_XOR = 0x5a7e0000          # tests/drivers/ahci_boot_test.c's
FAKE_TIME = "1700000000"          # reproducible images
E2FS_ENV = dict(os.environ, E2FSPROGS_FAKE_TIME=FAKE_TIME, LC_ALL="C")


def host_files():
    """{path: bytes} of the regular files the host puts on the image."""
    rng = random.Random(13)
    sparse = bytearray(1024 * 1024 + 4)
    sparse[-4:] = b"tail"
    return {
        "hello.txt": b"hello from the host\n",
        "data/small.bin": bytes(rng.randrange(256) for _ in range(3000)),
        # Past the direct and single-indirect blocks of 1 KiB blocks.
        "data/big.bin": bytes(rng.randrange(256) for _ in range(400000)),
        "data/sparse.bin": bytes(sparse),
        "deep/a/b/c/leaf.txt": b"deep down\n",
        "doomed/one.txt": b"removed by the boot\n",
        "doomed/two.txt": b"removed too\n",
    }


# Files the boot removes: not in the MANIFEST it checks.
DOOMED = ("doomed/one.txt", "doomed/two.txt")


def manifest(files):
    """The MANIFEST text: "crc32 size path" per file the boot checks."""
    return "".join("%08x %d %s\n" % (zlib.crc32(data), len(data), path)
                   for path, data in sorted(files.items())
                   if path not in DOOMED).encode()


def make_tree(root):
    files = host_files()
    for path, data in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            if path == "data/sparse.bin":
                f.seek(len(data) - 4)
                f.write(data[-4:])
            else:
                f.write(data)
    with open(os.path.join(root, "MANIFEST"), "wb") as f:
        f.write(manifest(files))
    os.symlink("hello.txt", os.path.join(root, "link"))


def build(out):
    """Write the image to @out (atomically). Raises on mke2fs failure."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "tree")
        os.makedirs(tree)
        make_tree(tree)
        img = out + ".tmp"
        with open(img, "wb") as f:
            f.truncate(IMAGE_BYTES)
        cmd = ["mke2fs", "-q", "-F", "-t", "ext2", "-b", "1024", "-d", tree,
               img, "%dk" % FS_KIB]
        r = subprocess.run(cmd, env=E2FS_ENV, capture_output=True, text=True)
        if r.returncode:
            os.unlink(img)
            raise RuntimeError("%s: %s" % (" ".join(cmd), r.stderr.strip()))
        os.replace(img, out)


def path(build_dir):
    return os.path.join(build_dir, "disk", "ext2.img")


def ensure(build_dir):
    """The image in @build_dir, built when missing or older than this
    file (make builds it too; a runner started alone still finds it)."""
    p = path(build_dir)
    if not os.path.exists(p) or \
            os.path.getmtime(p) < os.path.getmtime(__file__):
        os.makedirs(os.path.dirname(p), exist_ok=True)
        build(p)
    return p


def fsck(image, repair=False):
    """(returncode, output) of e2fsck -f, -n or -y."""
    r = subprocess.run(["e2fsck", "-f", "-y" if repair else "-n", image],
                       env=E2FS_ENV, capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def debugfs(image, request):
    r = subprocess.run(["debugfs", "-R", request, image], env=E2FS_ENV,
                       capture_output=True, text=True)
    return r.stdout + r.stderr


def dump(image, dest):
    """debugfs's rdump of the whole file system into @dest/root."""
    out = os.path.join(dest, "root")
    os.makedirs(out)
    debugfs(image, "rdump / " + out)
    return out


def host_files_problems(tree):
    """The MANIFEST files in the dumped @tree that are missing or not
    byte-identical to what the host put there."""
    problems = []
    for p, data in sorted(host_files().items()):
        if p in DOOMED:
            continue
        full = os.path.join(tree, p)
        if not os.path.isfile(full):
            problems.append("%s missing" % p)
        else:
            with open(full, "rb") as f:
                if f.read() != data:
                    problems.append("%s changed" % p)
    return problems


def _stat_field(text, field):
    """The number after "@field:" in debugfs's stat output, or None."""
    key = field + ":"
    for word_line in text.splitlines():
        if key in word_line:
            rest = word_line.split(key, 1)[1].split()
            if rest and rest[0].isdigit():
                return int(rest[0])
    return None


def seq_bytes(n):
    return bytes((i * 31 + (i >> 12)) & 0xff for i in range(n))


def mapped_bytes(n):
    return bytes((i * 7 + 3 + (i >> 12)) & 0xff for i in range(n))


def holes_bytes():
    data = bytearray(3 * 1024 * 1024)
    for off, c in ((0, b"A"), (1024 * 1024, b"B"), (len(data) - 4096, b"C")):
        data[off:off + 4096] = c * 4096
    return bytes(data)


def _expect_file(tree, p, data, problems):
    full = os.path.join(tree, p)
    if not os.path.isfile(full):
        problems.append("%s: not written by the boot" % p)
        return
    with open(full, "rb") as f:
        if f.read() != data:
            problems.append("%s: not what the boot wrote" % p)


def boot_writes_problems(image, tree):
    """What tests/fs/ext2_disk_boot_test.c wrote, as debugfs sees it."""
    problems = []
    _expect_file(tree, "new/file.txt", b"written by oomlab\n", problems)
    _expect_file(tree, "new/hard", b"written by oomlab\n", problems)
    _expect_file(tree, "new/moved/inner.txt", b"inner\n", problems)
    _expect_file(tree, "new/seq.bin", seq_bytes(256 * 1024), problems)
    _expect_file(tree, "new/holes.bin", holes_bytes(), problems)
    _expect_file(tree, "new/mapped.bin", mapped_bytes(64 * 1024), problems)
    if os.path.exists(os.path.join(tree, "new/sub")):
        problems.append("new/sub still there after the rename")
    if os.path.exists(os.path.join(tree, "doomed")):
        problems.append("doomed/ not removed")
    sym = os.path.join(tree, "new/sym")
    if not os.path.islink(sym) or os.readlink(sym) != "file.txt":
        problems.append("new/sym is not a symlink to file.txt")
    links = _stat_field(debugfs(image, "stat /new/file.txt"), "Links")
    if links != 2:
        problems.append("new/file.txt has %s links, not 2" % links)
    # Three 4 KiB islands: 12 data blocks and a few indirect ones, in
    # 512-byte units; written without holes it would be 6144.
    blocks = _stat_field(debugfs(image, "stat /new/holes.bin"),
                         "Blockcount")
    if blocks is None or blocks > 64:
        problems.append("new/holes.bin occupies %s sectors: holes filled"
                        % blocks)
    return problems


def check(image, boot_wrote=True):
    """Problems with @image after a boot (an empty list when all is
    well): e2fsck -fn must be clean, the host's files unchanged and,
    when @boot_wrote, the boot's writes all there."""
    rc, out = fsck(image)
    problems = []
    if rc:
        tail = " | ".join(out.strip().splitlines()[-3:])
        problems.append("e2fsck -fn exit %d: %s" % (rc, tail))
    with tempfile.TemporaryDirectory() as tmp:
        tree = dump(image, tmp)
        problems += host_files_problems(tree)
        if boot_wrote:
            problems += boot_writes_problems(image, tree)
    return problems


def scratch_problems(image):
    """The scratch MiB must hold the AHCI suite's pattern: word w of
    sector s is (s * 128 + w) ^ SCRATCH_XOR, little endian."""
    import array
    first = IMAGE_BYTES // SECTOR - SCRATCH_SECTORS
    words = array.array("I", ((first * 128 + i) ^ SCRATCH_XOR
                              for i in range(SCRATCH_SECTORS * 128)))
    if sys.byteorder != "little":
        words.byteswap()
    with open(image, "rb") as f:
        f.seek(first * SECTOR)
        if f.read() != words.tobytes():
            return ["the scratch MiB does not hold the pattern the "
                    "kernel wrote"]
    return []


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: python3 -m oomlab.ext2_disk OUT.img\n")
        return 2
    build(argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
