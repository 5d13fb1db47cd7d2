// Traefik's nested module github.com/traefik/traefik/dynamic/ext (./pkg/config/dynamic/ext in
// its repository), which the module zip leaves out, as nested modules always are, and the
// module proxy does not serve. Its types are empty extension points of the open-source build.
module github.com/traefik/traefik/dynamic/ext

go 1.24.0
