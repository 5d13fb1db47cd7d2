// Package ext holds the extension points of Traefik's dynamic configuration, empty in the
// open-source build: Traefik embeds them inline in dynamic.HTTP and dynamic.Router.
package ext

// HTTP is embedded in dynamic.HTTP.
type HTTP struct{}

// Router is embedded in dynamic.Router.
type Router struct{}
