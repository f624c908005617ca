// A real kube-apiserver for helm-migrate's tests: etcd embedded (no fsync, a temp dir) and
// kube-apiserver in this process, on loopback, with a throwaway PKI. Once /readyz answers and
// the default namespace exists it prints one JSON line on stdout (the address and the files a
// kubeconfig needs) and serves until SIGINT/SIGTERM, then removes what it made.
//
// Flags are those controller-runtime's envtest gives kube-apiserver (RBAC, no ServiceAccount
// admission, a service-account issuer), plus a loopback advertise address for machines with no
// default route. Client identities: admin (system:masters), viewer (group viewers, bound to the
// `view` ClusterRole, so read-only access goes through real RBAC).
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

type ready struct {
	Server     string `json:"server"`
	Dir        string `json:"dir"`
	CA         string `json:"ca"`
	AdminCert  string `json:"adminCert"`
	AdminKey   string `json:"adminKey"`
	ViewerCert string `json:"viewerCert"`
	ViewerKey  string `json:"viewerKey"`
	Version    string `json:"version"`
}

func main() {
	dir := flag.String("dir", "", "folder for etcd data and certificates (a temp folder when empty; removed on exit)")
	port := flag.Int("port", 0, "secure port (a free one when 0)")
	flag.Parse()
	if err := run(*dir, *port); err != nil {
		fmt.Fprintf(os.Stderr, "real-kube-apiserver: %v\n", err)
		os.Exit(1)
	}
}

func run(dir string, port int) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "real-kube-apiserver-")
		if err != nil {
			return err
		}
		dir = d
	}
	defer os.RemoveAll(dir)
	pki, err := makePKI(dir)
	if err != nil {
		return err
	}
	etcd, etcdURL, err := startEtcd(filepath.Join(dir, "etcd"))
	if err != nil {
		return err
	}
	defer etcd.Close()
	if port == 0 {
		if port, err = freePort(); err != nil {
			return err
		}
	}
	args := []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),
		"--tls-cert-file=" + pki.serverCert,
		"--tls-private-key-file=" + pki.serverKey,
		"--client-ca-file=" + pki.caCert,
		"--service-cluster-ip-range=10.0.0.0/24",
		"--allow-privileged=true",
		"--authorization-mode=RBAC",
		"--disable-admission-plugins=ServiceAccount",
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file=" + pki.saPub,
		"--service-account-signing-key-file=" + pki.saKey,
		"--cert-dir=" + filepath.Join(dir, "certs"),
		"--storage-media-type=application/json",
		"--v=0",
	}
	cmd := app.NewAPIServerCommand()
	cmd.SetArgs(args)
	done := make(chan error, 1)
	go func() { done <- cmd.Execute() }()

	server := fmt.Sprintf("https://127.0.0.1:%d", port)
	client, err := adminClient(pki)
	if err != nil {
		return err
	}
	if err := waitReady(client, server, done); err != nil {
		return err
	}
	if err := bindViewers(client, server); err != nil {
		return err
	}
	version, _ := getString(client, server+"/version")
	line, _ := json.Marshal(ready{Server: server, Dir: dir, CA: pki.caCert, AdminCert: pki.adminCert, AdminKey: pki.adminKey, ViewerCert: pki.viewerCert, ViewerKey: pki.viewerKey, Version: version})
	fmt.Println(string(line))
	// kube-apiserver stops on SIGINT/SIGTERM (its own signal context); then etcd and the folder go.
	return <-done
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func startEtcd(dir string) (*embed.Etcd, string, error) {
	cfg := embed.NewConfig()
	cfg.Dir = dir
	cfg.UnsafeNoFsync = true
	cfg.LogLevel = "error"
	for attempt := 0; ; attempt++ {
		client, err1 := freePort()
		peer, err2 := freePort()
		if err1 != nil || err2 != nil {
			return nil, "", fmt.Errorf("no free port for etcd")
		}
		cu, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", client))
		pu, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", peer))
		cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{*cu}, []url.URL{*cu}
		cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{*pu}, []url.URL{*pu}
		cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
		e, err := embed.StartEtcd(cfg)
		if err != nil {
			// Another process took a port between choosing and binding it: choose again.
			if attempt < 5 {
				os.RemoveAll(dir)
				continue
			}
			return nil, "", err
		}
		select {
		case <-e.Server.ReadyNotify():
			return e, cu.String(), nil
		case <-time.After(120 * time.Second):
			e.Close()
			return nil, "", fmt.Errorf("etcd was not ready after 120 s")
		}
	}
}

func adminClient(p *pkiFiles) (*http.Client, error) {
	cert, err := tls.LoadX509KeyPair(p.adminCert, p.adminKey)
	if err != nil {
		return nil, err
	}
	caPEM, err := os.ReadFile(p.caCert)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{Certificates: []tls.Certificate{cert}, RootCAs: pool}}}, nil
}

func getString(c *http.Client, u string) (string, error) {
	resp, err := c.Get(u)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var v struct {
		GitVersion string `json:"gitVersion"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return "", err
	}
	return v.GitVersion, nil
}

// waitReady polls /readyz, then the default namespace (made by a post-start hook), for as long
// as the server takes: on a busy machine that is tens of seconds.
func waitReady(c *http.Client, server string, done <-chan error) error {
	deadline := time.Now().Add(5 * time.Minute)
	for _, path := range []string{"/readyz", "/api/v1/namespaces/default"} {
		for {
			select {
			case err := <-done:
				return fmt.Errorf("kube-apiserver stopped before it was ready: %v", err)
			default:
			}
			resp, err := c.Get(server + path)
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("kube-apiserver was not ready after 5 minutes (%s)", path)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	return nil
}

// bindViewers gives the group of the viewer certificate the built-in `view` ClusterRole.
func bindViewers(c *http.Client, server string) error {
	body := `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"helm-migrate-test-viewers"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"viewers"}]}`
	for {
		resp, err := c.Post(server+"/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", "application/json", strings.NewReader(body))
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusCreated || resp.StatusCode == http.StatusConflict {
			return nil
		}
		// The bootstrap roles may not be in place yet.
		if resp.StatusCode >= 500 || resp.StatusCode == http.StatusNotFound {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		return fmt.Errorf("binding the viewers group: HTTP %d", resp.StatusCode)
	}
}

type pkiFiles struct {
	caCert, serverCert, serverKey, adminCert, adminKey, viewerCert, viewerKey, saKey, saPub string
}

func makePKI(dir string) (*pkiFiles, error) {
	pdir := filepath.Join(dir, "pki")
	if err := os.MkdirAll(pdir, 0o700); err != nil {
		return nil, err
	}
	p := &pkiFiles{}
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "helm-migrate test CA"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(48 * time.Hour), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	ca, _ := x509.ParseCertificate(caDER)
	p.caCert = filepath.Join(pdir, "ca.crt")
	if err := writePEM(p.caCert, "CERTIFICATE", caDER); err != nil {
		return nil, err
	}
	issue := func(name string, tmpl *x509.Certificate) (string, string, error) {
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		tmpl.NotBefore, tmpl.NotAfter = time.Now().Add(-time.Hour), time.Now().Add(48*time.Hour)
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
		if err != nil {
			return "", "", err
		}
		kder, _ := x509.MarshalECPrivateKey(key)
		crt, k := filepath.Join(pdir, name+".crt"), filepath.Join(pdir, name+".key")
		if err := writePEM(crt, "CERTIFICATE", der); err != nil {
			return "", "", err
		}
		return crt, k, writePEM(k, "EC PRIVATE KEY", kder)
	}
	if p.serverCert, p.serverKey, err = issue("server", &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "kube-apiserver"}, DNSNames: []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("10.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}); err != nil {
		return nil, err
	}
	if p.adminCert, p.adminKey, err = issue("admin", &x509.Certificate{SerialNumber: big.NewInt(3), Subject: pkix.Name{CommonName: "admin", Organization: []string{"system:masters"}}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, KeyUsage: x509.KeyUsageDigitalSignature}); err != nil {
		return nil, err
	}
	if p.viewerCert, p.viewerKey, err = issue("viewer", &x509.Certificate{SerialNumber: big.NewInt(4), Subject: pkix.Name{CommonName: "viewer", Organization: []string{"viewers"}}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, KeyUsage: x509.KeyUsageDigitalSignature}); err != nil {
		return nil, err
	}
	saKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	sder, _ := x509.MarshalECPrivateKey(saKey)
	pub, _ := x509.MarshalPKIXPublicKey(&saKey.PublicKey)
	p.saKey, p.saPub = filepath.Join(pdir, "sa.key"), filepath.Join(pdir, "sa.pub")
	if err := writePEM(p.saKey, "EC PRIVATE KEY", sder); err != nil {
		return nil, err
	}
	return p, writePEM(p.saPub, "PUBLIC KEY", pub)
}

func writePEM(path, kind string, der []byte) error {
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600)
}
