import java.io.*;
import java.nio.file.*;
import java.security.*;
import java.util.*;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.*;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.*;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.jcajce.*;

/**
 * Signs IN.pdf into OUT.pdf with PDFBox 2 and BouncyCastle as their examples do (an incremental
 * save, /SubFilter /ETSI.CAdES.detached, the CMS from CMSSignedData.getEncoded(), which BouncyCastle
 * writes in BER with indefinite lengths): java PdfBoxSign.java IN OUT KEY.pem CERT.pem [CA.pem...]
 */
public class PdfBoxSign {
  public static void main(String[] args) throws Exception {
    Security.addProvider(new BouncyCastleProvider());
    Object parsed = new PEMParser(new FileReader(args[2])).readObject();
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider("BC");
    PrivateKey key = parsed instanceof PEMKeyPair
        ? converter.getKeyPair((PEMKeyPair) parsed).getPrivate()
        : converter.getPrivateKey((PrivateKeyInfo) parsed);
    List<X509CertificateHolder> certs = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      certs.add((X509CertificateHolder) new PEMParser(new FileReader(args[i])).readObject());
    }
    try (PDDocument doc = PDDocument.load(new File(args[0]))) {
      PDSignature signature = new PDSignature();
      signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
      signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
      signature.setSignDate(Calendar.getInstance());
      doc.addSignature(signature, content -> {
        try {
          CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
          gen.addSignerInfoGenerator(
              new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                  .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key), certs.get(0)));
          gen.addCertificates(new JcaCertStore(certs));
          byte[] data = content.readAllBytes();
          return gen.generate(new CMSProcessableByteArray(data), false).getEncoded();
        } catch (Exception e) {
          throw new IOException(e);
        }
      });
      try (OutputStream out = new FileOutputStream(args[1])) {
        doc.saveIncremental(out);
      }
    }
  }
}
