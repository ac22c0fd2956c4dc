# Sourced by the bench scripts that run classes from src/test: build_dir WORK prints a directory
# holding hbgen.jar and test-classes, $BUILD_DIR when set, else a fresh offline build in WORK/build.
build_dir() {
  if [[ -n ${BUILD_DIR:-} ]]; then
    printf '%s\n' "$BUILD_DIR"
    return
  fi
  (cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && mvn -q -B -o package -DskipTests -DbuildDir="$1/build") >&2
  printf '%s\n' "$1/build"
}
