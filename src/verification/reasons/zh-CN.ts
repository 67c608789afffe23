/**
 * The Chinese (zh-CN) catalogue, sentence for sentence the English one: 签名 signature,
 * 时间戳 time-stamp, 证书链 certificate chain, 吊销 revoked, 撤回 rescinded, 替代 superseded,
 * 声称 claims (the signer's word, which nothing proves).
 * Technical details from lower layers (parameters named "detail") stay in English.
 */
import { templates, type Catalogue } from './catalogue';

const CANNOT_GUESS = 'Signet 不会推测此类签名是否成立。';

export const zhCN: Catalogue = {
  language: 'zh-CN',
  listSeparator: '、',
  sentenceSeparator: '',
  checks: {
    format: '签名格式',
    byte_range: 'PDF 的签名范围',
    signing_certificate: '签名者证书',
    message_digest: '文档完整性',
    signature_value: '签名值',
    signature_timestamp: '时间戳',
    archive_timestamp: '归档时间戳',
    signing_time: '声称的签名时间',
    certificate_chain: '证书链',
    revocation: '吊销状态',
    transparency_log: '透明日志',
    changes_after: '签名后的修改',
    trailing_data: 'PDF 结尾之后的数据',
    document_status: '文档状态',
    work_budget: '验证工作量上限',
  },
  reasons: templates({
    'format.content_type_missing': '签名格式不正确：缺少 content-type 属性。',
    'format.message_digest_missing': '签名格式不正确：缺少 message-digest 属性。',
    'format.content_type_mismatch': '签名格式不正确：其 content-type 属性与所签内容不符。',
    'format.cms': '该签名是 CMS 签名（RFC 5652），而不是 CAdES 签名。{notes}',
    'format.cms_without_signed_attributes':
      '该签名是不带签名属性的 CMS 签名（RFC 5652），而不是 CAdES 签名。{notes}',
    'format.cades': '该签名是 {format} 签名（ETSI EN 319 122-1）。{notes}',
    'format.contains_document': '签名中包含所签署的文档。',
    'format.pades': '该签名是 PDF 签名域“{field}”中的 {format} 签名（ETSI EN 319 142-1）。',
    'format.pdf_cms':
      '该签名是 PDF 签名域“{field}”中的 CMS 签名（ISO 32000-1 12.8.3.3），而不是 PAdES 基线签名：{why}。',
    'pades.subfilter': '其 SubFilter 为 {subFilter}',
    'pades.subfilter_missing': '缺少 SubFilter',
    'pades.signing_time_attribute':
      '它带有 signing-time 属性，而 PAdES 不使用该属性（时间记录在 /M 中）',
    'pades.no_signing_certificate_v2': '它没有 signing-certificate-v2 属性',
    'format.unreadable': '无法读取该签名：{why}',
    'format.unreadable_part': '无法读取签名的一部分：{detail}',
    'format.unsupported_subfilter':
      '其 SubFilter {subFilter} 不在 Signet 可验证的范围内（{supported}）。',
    'format.missing_subfilter': '它没有 SubFilter，Signet 无法验证（可验证的有 {supported}）。',

    'byte_range.whole_revision':
      '签名覆盖签署时的整个文件（前 {bytes} 个字节），仅不含签名值本身所在的位置。',
    'byte_range.wrong':
      '签名覆盖的文件范围不是 PDF 签名必须覆盖的范围：{detail} 显示的内容可能并非所签署的内容。',
    'changes.none': '此签名之后，PDF 未做任何修改。',
    'changes.allowed':
      '此签名之后，PDF 只增加了{kinds}，这是已签名的 PDF 允许增加的内容（ISO 32000-1 12.8.2.2，ETSI EN 319 142-1 5.4）。',
    'change.signature': '后续签名',
    'change.signature_field': '签名域及其外观',
    'change.dss': '验证数据（文档安全存储 DSS）',
    'change.structure': '交叉引用数据',
    'change.other': '{kind}',
    'changes.refused':
      '此签名之后，PDF 被以已签名 PDF 不允许的方式修改：{detail} 签名只对签署时的文档（前 {bytes} 个字节）有效，而不是对现在显示的内容。',
    'changes.refused_more':
      '此签名之后，PDF 被以已签名 PDF 不允许的方式修改：{detail}（另有 {more} 处修改）签名只对签署时的文档（前 {bytes} 个字节）有效，而不是对现在显示的内容。',
    'trailing_data.after_eof':
      '该文件在最后一个修订版本结束之后（%%EOF 之后）还有 {bytes} 个字节：这些字节不在任何签名的覆盖范围内，PDF 阅读器也不会显示它们。',

    'signing_certificate.missing': '签名中没有包含签名者的证书，因此 Signet 无法确定签名者是谁。',
    'signing_certificate.unconfirmed': '无法确认签名者的证书：{problem}。{notes}',
    'signing_certificate.bound':
      '签名指明了 {signer} 的证书，并与之绑定（signing-certificate-v2）。{notes}',
    'signing_certificate.sha1_only':
      '{signer} 的证书是通过其颁发者和序列号找到的；签名仅用较旧的 SHA-1 signing-certificate 属性绑定该证书，Signet 不依赖此属性。{notes}',
    'signing_certificate.unbound':
      '{signer} 的证书是通过其颁发者和序列号找到的；签名没有像 CAdES 签名那样用 signing-certificate 属性绑定该证书。{notes}',
    'signing_certificate.from_register':
      '签名中没有包含签名者的证书：该证书取自 Signet 所颁发证书的登记簿。',
    'ess.no_certificate': '其 signing-certificate-v2 属性未指明任何证书',
    'ess.unaccepted_hash':
      '其 signing-certificate-v2 属性使用的哈希算法 {algorithm} 不被 Signet 接受',
    'ess.other_certificate': '签名所附的证书不是其 signing-certificate-v2 属性指明的证书',
    'ess.issuer_serial_mismatch': '其 signing-certificate-v2 属性中的颁发者和序列号与所附证书不符',

    'document.missing':
      '签名中不包含文档，也没有提供文档，因此 Signet 无法判断它是否为所签署的文档。',
    'message_digest.no_signed_attributes':
      '该签名没有签名属性：签名值直接覆盖文档（见“签名值”一项）。',
    'message_digest.unaccepted_hash':
      '该签名使用算法 {algorithm} 计算文档摘要，Signet 不接受该算法（只接受 SHA-256、SHA-384 和 SHA-512），也不会推测签名是否成立。',
    'message_digest.other_hash':
      '该签名使用 {hash}，但提供的文档摘要使用了其他算法；请提供文档本身或其 {hash} 摘要。',
    'message_digest.mismatch': '该文档不是所签署的文档：它在签署后被修改过，或者是另一份文档。',
    'message_digest.match': '该文档与所签署的文档完全一致。',
    'signature_value.unsupported_algorithm': `该签名使用的算法 {algorithm} 是 Signet 无法验证的；${CANNOT_GUESS}`,
    'signature_value.unreliable_key': `签名者的证书不可信赖，原因是：{detail}；${CANNOT_GUESS}`,
    'signature_value.unreadable_key': `签名者证书中的公钥无法读取；${CANNOT_GUESS}`,
    'signature_value.hash_mismatch': `该签名为文档和签名值指明了不同的哈希算法；${CANNOT_GUESS}`,
    'signature_value.no_certificate': '没有签名者的证书，无法检验签名值。',
    'signature_value.other_hash':
      '该签名使用 {hash}，但提供的文档摘要使用了其他算法；请提供文档本身。',
    'signature_value.document_mismatch': '签名与此文档及 {signer} 的密钥不符：文档或签名已被修改。',
    'signature_value.document_signed': '该文档是用 {signer} 的私钥签署的。',
    'signature_value.mismatch':
      '用 {signer} 的密钥无法验证签名值：签名已被篡改，或者并非用此证书签署。',
    'signature_value.valid': '该签名是用 {signer} 的私钥生成的。',

    'timestamp.none': '该签名没有时间戳：签名时间只有签名者自己的声明。',
    'timestamp.valid': '{authority} 出具的时间戳证明该签名在 {time} 已经存在。',
    'timestamp.unreliable': '该时间戳不可信赖：{problem}。判断签名时不考虑此时间戳。',
    'archive_timestamp.valid':
      '该签名带有 {count} 个归档时间戳；其中仍然有效的最早一个由 {authority} 出具，证明签名、其时间戳和验证数据在 {time} 已经存在，并按该时间判断它们。',
    'archive_timestamp.unreliable': '没有可信赖的归档时间戳：{problem}。判断签名时不考虑它们。',
    'tst.unreadable': '无法读取（{detail}）',
    'tst.unaccepted_hash': '它使用的哈希算法 {algorithm} 不被 Signet 接受',
    'tst.uncovered': '无法读取它所覆盖的内容',
    'tst.other_signature':
      '它是为另一个签名值出具的（签名在加盖时间戳后被修改过，或者时间戳是从别处复制来的）',
    'tst.other_document':
      '该 PDF 不是加盖时间戳时的那份（时间戳覆盖的内容此后被修改过，或者时间戳是为另一份文档出具的）',
    'tst.no_authority_certificate': '其中没有包含时间戳机构的证书',
    'tst.content_mismatch': '其内容与时间戳机构所签的内容不符',
    'tst.unverifiable': '无法验证它的签名（{detail}）',
    'tst.bad_signature': '时间戳机构在其上的签名验证不通过',
    'tst.future': '它的时间在未来',
    'tst.outside_validity': '它的时间不在时间戳机构证书的有效期内',
    'tst.untrusted': '时间戳机构的证书不受信任：{path}',
    'tst.invalid': '它无效',
    'tst.too_many_certificates': '它含有 {count} 个证书，超过 Signet 随签名读取的上限 {max} 个',
    'tst.other_archive': '它的消息摘要不是本签名及其哈希索引所列数据的哈希值',
    'tst.no_hash_index': '它没有可读取的 ats-hash-index-v3',
    'tst.covered_data_removed': '它所覆盖的证书、撤销数据或属性中有 {count} 项已不在签名中',
    'tst.budget_exhausted': '它未被检查，因为本次验证已用完单个请求可用的工作量',
    'document_timestamp.format':
      '签名域“{field}”中是一个文档时间戳（ETSI EN 319 142-1 5.4.3）：覆盖该 PDF 的 RFC 3161 时间戳令牌，而不是个人或部门的签名。',
    'document_timestamp.message_digest':
      '加盖时间戳时的 PDF（前 {bytes} 个字节）与时间戳所覆盖的内容完全一致。',
    'document_timestamp.signature_value': '时间戳令牌由 {authority} 签署，签名验证通过。',
    'document_timestamp.certificate_chain':
      '{authority} 的证书可追溯到受信任的根证书“{root}”，并获准用于时间戳服务（RFC 3161 2.3），因此当时的 PDF 在 {time} 已经存在。',
    'document_timestamp.unreliable': '该文档时间戳不可信赖：{problem}。',
    'document_timestamp.skipped': '未检查：时间戳之前的一项检查未通过。',

    'signing_time.not_yet_valid':
      '签名者声称于 {claimed} 签署，但当时其证书尚未生效（自 {notBefore} 起生效）。',
    'signing_time.expired':
      '签名者声称于 {claimed} 签署，但当时其证书已经过期（于 {notAfter} 过期）。',
    'signing_time.after_timestamp':
      '签名者声称于 {claimed} 签署，但时间戳证明该签名在 {time} 已经存在：所声称的时间有误，应以时间戳的时间为准。',
    'signing_time.while_valid_before_timestamp':
      '签名者声称于 {claimed} 签署，当时其证书有效，且早于时间戳的时间。',
    'signing_time.while_valid':
      '签名者声称于 {claimed} 签署，当时其证书有效。没有时间戳能证明这一点。',
    'signing_time.before_timestamp': '签名者声称于 {claimed} 签署，早于时间戳的时间。',
    'signing_time.uncompared':
      '签名者声称于 {claimed} 签署；由于既没有其证书，也没有时间戳，无从比对。',

    'chain.no_certificate': '没有签名者的证书，因此没有证书链可供检查。',
    'chain.key_usage': '{signer} 的证书不是用于签名的（其密钥用途不允许签名）。',
    'chain.valid_now': '{signer} 的证书可追溯到受信任的根证书“{root}”，且当前有效。',
    'chain.valid_at_timestamp':
      '{signer} 的证书可追溯到受信任的根证书“{root}”，且在签名加盖时间戳时（{time}）有效。{notes}',
    'chain.expired_since':
      '该证书此后已过期（{expiry}），但这不影响签名：时间戳证明签名是在证书有效期内作出的。',
    'chain.expired_at_timestamp': '签名加盖时间戳时（{time}），证书链中的某个证书已经过期：{path}',
    'chain.expired': '证书已过期：{path}{notes}',
    'chain.claimed_while_valid':
      '签名者声称于 {claimed} 签署，当时证书有效，但没有时间戳能证明这一点。',
    'chain.claimed': '签名者声称于 {claimed} 签署，但没有时间戳能证明这一点。',
    'chain.not_yet_valid_at_timestamp': '签名加盖时间戳时（{time}），证书尚未生效：{path}',
    'chain.not_yet_valid': '检查签名时，证书尚未生效：{path}',
    'chain.untrusted':
      '签名者声称是 {signer}，但其证书无法追溯到 Signet 信任的根证书，因此 Signet 无法确认签名者的身份：{path}',
    'chain.constraints': '{signer} 的证书不得用于此签名：{path}',
    'chain.invalid': '无法验证 {signer} 的证书：{path}',
    'path.malformed': '证书链中的证书或数据格式不正确（{detail}）',
    'path.unsupported_algorithm': '证书链使用了 Signet 不验证的算法（{detail}）',
    'path.no_path': '找不到通往受信任根证书的证书链（{detail}）',
    'path.limit_exceeded': '证书链的构建超出了处理上限（{detail}）',
    'path.bad_signature': '证书链中某个证书的签名验证不通过（{detail}）',
    'path.weak_key': '证书链中有 Signet 不信赖的密钥（{detail}）',
    'path.expired': '证书链中有已过期的证书（{detail}）',
    'path.not_yet_valid': '证书链中有尚未生效的证书（{detail}）',
    'path.name_chaining': '证书链中颁发者名称与上级证书不符（{detail}）',
    'path.invalid_certificate': '证书链中有不符合 RFC 5280 规范的证书（{detail}）',
    'path.basic_constraints': '证书链中的颁发者不是 CA 证书（{detail}）',
    'path.path_length': '证书链超过了允许的长度（{detail}）',
    'path.key_usage': '证书的密钥用途不允许此用法（{detail}）',
    'path.eku': '证书缺少所要求的扩展密钥用途（{detail}）',
    'path.name_constraints': '证书违反了名称约束（{detail}）',
    'path.policy': '证书链没有可接受的证书策略（{detail}）',
    'path.unknown_critical_extension': '证书含有无法识别的关键扩展（{detail}）',
    'path.revoked': '证书链中有已吊销的证书（{detail}）',
    'path.no_revocation_info': '没有可用的吊销信息（{detail}）',
    'path.stale_revocation_info': '吊销信息已过时（{detail}）',

    'revocation.no_chain': '没有通往受信任根证书的证书链，无法检查吊销状态。',
    'certificate.signer': '{name} 的证书',
    'certificate.authority': '证书机构“{subject}”的证书',
    'source.crl': '“{issuer}”于 {issued} 发布的证书吊销列表（CRL）',
    'source.ocsp': '“{responder}”于 {produced} 生成的 OCSP 响应',
    'source.ocsp_unchecked_responder':
      '“{responder}”于 {produced} 生成的 OCSP 响应（其响应者证书没有 id-pkix-ocsp-nocheck 扩展，也没有 CRL 显示其状态：与没有 CRL 的 CA 证书一样，响应者证书本身的吊销状态未经检查）',
    'source.outweighed': '{source}（{other}显示其未被吊销，但以吊销为准）',
    'revocation.revoked_after_timestamp':
      '根据{source}，{certificate}已于 {revoked} 被吊销（{cause}），但时间戳证明该签名在吊销之前（{time}）已经存在，因此签名仍然有效。',
    'revocation.revoked_ca_no_poe':
      '根据{source}，{certificate}已于 {revoked} 被吊销（{cause}），且没有任何证据证明签名是在此之前作出的。',
    'revocation.revoked_before_timestamp':
      '根据{source}，{certificate}已于 {revoked} 被吊销（{cause}），早于此签名的作出时间（时间戳时间为 {signed}）。',
    'revocation.revoked_before_claimed_time':
      '根据{source}，{certificate}已于 {revoked} 被吊销（{cause}），早于此签名的作出时间（签名自称签署于 {signed}）。',
    'revocation.revoked_claimed_before':
      '根据{source}，{certificate}已于 {revoked} 被吊销（{cause}）。签名自称作出于 {claimed}，即在吊销之前，但没有时间戳能证明这一点。',
    'revocation.revoked_no_time':
      '根据{source}，{certificate}已于 {revoked} 被吊销（{cause}）。没有任何信息表明签名是何时作出的。',
    'revocation.unknown': 'Signet 无法确定 {signer} 的证书是否已被吊销：{why}请稍后再试。',
    'revocation.not_revoked': '根据{source}，{signer} 的证书未被吊销。',
    'revocation.not_revoked_at_timestamp':
      '根据{source}，签名加盖时间戳时 {signer} 的证书未被吊销。',
    'revocation.several': '{notes}',
    'tlog.included':
      '该签名是透明日志 {origin} 的第 {index} 条记录，已对照该日志签署的含 {size} 条记录的检查点验证：它在 {loggedBefore} 之前已记入日志（声称时间加上日志的最长合并延迟）。',
    'tlog.no_proof': '该签名未附带已记入透明日志的证明。',
    'tlog.unknown_log':
      '该签名附带透明日志 {origin} 的证明，但此处不信任该日志的密钥，因此未予检查。',
    'tlog.not_recomputable': '无法重新计算日志记录：缺少签名者证书、消息摘要或签署时间。',
    'tlog.invalid': '签名所附的日志证明不成立：{detail}',
    'crl.none': '没有可用的、覆盖此证书的“{issuer}”证书吊销列表（CRL）。',
    'crl.stale':
      '“{issuer}”最新的证书吊销列表（CRL）发布于 {issued}，已不再有效，因此无法说明证书此后是否被吊销。',
    'ocsp.none': '没有“{issuer}”的、可接受的 OCSP 响应对此证书作出答复。{refused}',
    'ocsp.unmatchable': '无法将 OCSP 响应与其颁发者对应：{detail}',
    'ocsp.refused': '一个关于该证书的 OCSP 响应未被接受：{detail}。',
    'ocsp.answers_unknown': '关于该证书的 OCSP 响应答复为“未知”。',
    'ocsp.stale':
      '关于该证书的最新 OCSP 响应生成于 {issued}，已不再有效，因此无法说明证书此后是否被吊销。',
    'ocsp.stale_next_update':
      '关于该证书的最新 OCSP 响应生成于 {issued}，下次更新应在 {next}，已不再有效，因此无法说明证书此后是否被吊销。',

    'budget.exhausted':
      'Signet 未能完成对此签名的检查：本次验证已用完单个请求可用的工作量，这一上限使任何输入都无法拖垮服务。请一次验证较少的签名，或所含证书较少的签名。',
    'document_status.unregistered':
      'Signet 的登记簿中没有以此证书签署、内容与此相同的文档（此签名不是由 Signet 签名服务生成的），因此无法检查签名者是否已撤回该文档。',
    'document_status.changed': '该文档与所签署的文档不符，因此无法在 Signet 的登记簿中查询其状态。',
    'document_status.valid':
      'Signet 的登记簿记载：此文档（验证码 {code}）由 {department} 于 {signedAt} 签署，该部门未撤回此文档。',
    'document_status.rescinded':
      '此文档已由 {department} 于 {changedAt} 撤回（所述理由：{why}）：签名是真实的，但该文档已不再有效。Signet 的登记簿记载：此文档（验证码 {code}）由 {department} 于 {signedAt} 签署。',
    'document_status.superseded':
      '此文档已于 {changedAt} 被 {department} 以验证码为 {replacement} 的文档替代（所述理由：{why}）：签名是真实的，但该文档已不再有效。Signet 的登记簿记载：此文档（验证码 {code}）由 {department} 于 {signedAt} 签署。',

    'summary.none': '没有验证任何签名。',
    'summary.document_timestamp_only': '文档时间戳有效，但它不能说明文档由谁出具。{timestamps}',
    'summary.document_timestamps':
      '文档时间戳证明该文档（各时间戳所覆盖的版本）在 {times} 已经存在。',
    'summary.all_valid':
      '全部 {count} 个签名均有效：{signers} 签署了此文档，此后除后续的签名、时间戳及其验证数据外，文档未被修改。{timestamps}',
    'summary.valid_with_later':
      '签名有效：{signers} 签署了此文档，此后除后续的签名、时间戳及其验证数据外，文档未被修改。{timestamps}',
    'summary.valid': '签名有效：{signer} 签署了此文档，此后文档未被修改。{when}',
    'summary.timestamped': '时间戳证明文档签署于 {time}。',
    'summary.claimed': '签名声称文档签署于 {time}，但没有时间戳能证明这一点。',
    'summary.signer_claimed': '签名者声称是 {signer}，但无从证实。',
    'summary.not_valid': '{subject}无效。{why}',
    'summary.unconfirmed': '{subject}无法确认。{why}',
    'subject.signature': '签名',
    'subject.signature_of': '签名（共 {count} 个签名中的第 {index} 个）',
    'subject.document_timestamp': '文档时间戳',
    'subject.document_timestamp_of': '文档时间戳（共 {count} 个签名中的第 {index} 个）',
    'summary.unreadable': '无法读取该签名：{why}',
    'summary.pdf_unsigned': '此 PDF 中没有签名，因此无从得知它由谁出具。',
    'unreadable.detail': '{detail}',
    'unreadable.no_signer_info': '其中不含任何签名（没有 SignerInfo）。',
    'unreadable.too_many_signatures': '其中含有 {count} 个签名；Signet 一次最多验证 {max} 个。',
    'unreadable.too_many_certificates':
      '其中含有 {count} 个证书；Signet 只验证所含证书不超过 {max} 个的签名。',
    'unreadable.pdf': '无法读取该 PDF：{detail}',
    'unreadable.pdf_no_signature': '该 PDF 中没有签名。',
    'unreadable.pdf_too_many_signatures':
      '该 PDF 含有 {count} 个签名；Signet 一次最多验证 {max} 个。',
    'summary.registry_only': '未提供签名；{status}如需检查签名本身，请一并提供签名。',
    'summary.not_registered': '未提供签名，且此文档不在 Signet 的已签名文档登记簿中。',

    'registry.valid': '签名证书有效，且未被吊销。',
    'registry.signed_before_revocation':
      '签署早于吊销：时间戳证明该文档签署于 {proven}。签名证书于 {revoked} 被吊销（{cause}），晚于签署时间，因此签名仍然有效。',
    'registry.revoked_before_signing':
      '签名证书于 {revoked} 被吊销（{cause}），早于文档的签署时间（{proven}）：签名无效。',
    'registry.revoked_without_proof':
      '签名证书于 {revoked} 被吊销（{cause}），且没有时间戳能证明文档是在此之前签署的。',
    'registry.signed_before_expiry':
      '签名证书已过期（{expiry}），但这不影响签名：时间戳证明该文档签署于 {proven}，当时证书有效。',
    'registry.expired_without_proof':
      '签名证书已过期（{expiry}），且没有时间戳能证明文档是在证书有效期内签署的。',
    'registry.rescinded': '该部门已撤回此文档：它已不再有效。',
    'registry.superseded': '此文档已被该部门以另一份文档替代：它已不再有效。',
    'registry.certificate_unknown': 'Signet 的登记簿中没有签署此文档所用的证书。',

    'law.condition_1': '电子签名制作数据用于电子签名时，属于电子签名人专有',
    'law.condition_2': '签署时电子签名制作数据仅由电子签名人控制',
    'law.condition_3': '签署后对电子签名的任何改动能够被发现',
    'law.condition_4': '签署后对数据电文内容和形式的任何改动能够被发现',
    'law.note':
      '以上是依据上述各项检查和 Signet 登记簿，对《中华人民共和国电子签名法》第十三条各项条件所作的技术评估，不构成法律意见；电子签名是否可靠，由当事人判断，最终由法院认定。',
    'law.no_signature': '未验证任何签名，因此无法就此作出判断。',
    'law.no_signer': '未找到签名人的证书，因此无法知道是哪一把密钥签署的。',
    'law.signer_unbound': '签名未绑定其证书，因此无法知道是谁的密钥签署的。',
    'law.key_not_registered':
      '签名人的证书不是由本 Signet 签发的，所提供的其他材料也不能表明其密钥由谁持有。',
    'law.key_shared':
      '同一密钥既为 {department} 认证，也为 {others} 认证：它并非仅属于一个签名人。',
    'law.key_unique':
      'Signet 登记簿显示，该密钥仅为 {department} 认证，只出现在一张与该部门绑定的证书中，从未为其他任何人认证。',
    'law.control_hsm':
      '{department} 的密钥在硬件安全模块（PKCS#11）内生成和保存，无法导出：只有以 {department} 身份认证的请求才能使用它。',
    'law.control_department':
      '{department} 自行持有密钥：Signet 依据该部门的证书申请为其认证，从未持有其私钥。',
    'law.control_file_vault':
      'Signet 将 {department} 的密钥保存在服务器上的加密密钥文件中：该部门通过其 API 密钥使用它，但签署时是否无他人能够使用，无法在此证明。',
    'law.control_unrecorded':
      'Signet 未记录 {department} 的密钥保存在何处（该证书签发于开始记录之前），因此无法证明签署时的控制情况。',
    'law.signature_changed': '签名值验证不通过：签名被改动过，或不属于此文件。',
    'law.signature_certificate_swapped': '签名指明的证书与随附的证书不同：签名被改动过。',
    'law.signature_protected':
      '签名值可用签名人的公钥验证：对签名或其所签内容的任何改动都会使验证失败。',
    'law.signature_protected_timestamped':
      '签名值可用签名人的公钥验证，且时间戳已于 {time} 将其固定：此后对它的任何改动都会被发现。',
    'law.signature_unchecked': '无法检查签名值。',
    'law.content_changed': '该文件不是被签署的那份：其摘要与所签摘要不同。已发现改动。',
    'law.range_incomplete':
      '签名未覆盖其所属 PDF 版本的全部内容，因此部分内容可能被改动而不被察觉。',
    'law.pdf_changed_after': '该 PDF 在签署后被以签名不允许的方式改动：改动已被发现。',
    'law.content_protected':
      '文件摘要与签名人所签摘要一致：对内容的任何改动，哪怕一个字节，都会被发现。',
    'law.content_protected_pdf':
      '签名覆盖整个 PDF 版本（内容和形式），签署后除 PDF 签名所允许的之外没有任何改动：任何改动都会被发现。',
    'law.content_unchecked': '未将文件与所签内容比对，因此在此无法排除文件被改动。',

    'verdict_text.authentic': '签名有效，文件自签名后未被改动。',
    'verdict_text.failed': '签名与该文件不符，或签名无效。请勿采信此文件。',
    'verdict_text.unknown':
      'Signet 无法确认签名有效。这并不证明文件是假的：下方详情说明了缺少什么。',
    'verdict_text.rescinded': '签名是真实的，但签发部门已撤销此文件，该文件不再具有效力。',
    'verdict_text.superseded': '签名是真实的，但签发部门已用新文件取代此文件。请使用新文件。',
    'verdict_text.pdf_changed':
      '签名对该 PDF 的较早版本有效，但文件在签名后被改动过：追加的内容不在签名范围内。',
    'verdict_text.matches_registry': '该文件与此核验码登记的文件完全一致。',
    'verdict_text.differs_registry':
      '该文件不是此核验码登记的文件：两者存在差异，哪怕只差一个字节。',
    'coverage.whole': '除签名本身以外的整个文件',
    'coverage.validation_data':
      '除签名本身以外的整个文件，以及签名后追加的验证数据（长期签名的正常做法）。',
    'coverage.changed': '仅文件的前 {end} 字节（共 {size} 字节）：文件在签名后被改动过。',
    'sub_indication.FORMAT_FAILURE': '签名文件的格式无法核验。',
    'sub_indication.HASH_FAILURE': '文件在签名后被改动过，或者签名属于另一份文件。',
    'sub_indication.SIG_CRYPTO_FAILURE': '签名值已损坏：签名文件被改动或损坏。',
    'sub_indication.REVOKED': '签名者的证书在签名时间之前已被吊销。',
    'sub_indication.NOT_YET_VALID': '签名时，签名者的证书尚未生效。',
    'sub_indication.EXPIRED': '签名时，签名者的证书已经过期。',
    'sub_indication.SIG_CONSTRAINTS_FAILURE':
      '接受该签名的某项条件不成立：下方各项核验说明是哪一项。',
    'sub_indication.CHAIN_CONSTRAINTS_FAILURE': '证书链违反了认证机构的规则。',
    'sub_indication.CERTIFICATE_CHAIN_GENERAL_FAILURE': '证书链无法通过验证。',
    'sub_indication.CRYPTO_CONSTRAINTS_FAILURE': '签名所用的算法或密钥长度已不再被接受。',
    'sub_indication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE':
      '签名所用的算法已不再被接受，且无法证明签名是在该算法仍被接受时做出的。',
    'sub_indication.NO_SIGNING_CERTIFICATE_FOUND': '签名中缺少签名者的证书。',
    'sub_indication.NO_CERTIFICATE_CHAIN_FOUND': '签名者的证书无法追溯到可信的认证机构。',
    'sub_indication.REVOKED_NO_POE': '签名者的证书已被吊销，且无法证明文件是在吊销之前签署的。',
    'sub_indication.REVOKED_CA_NO_POE': '签发机构的某个证书已被吊销。',
    'sub_indication.OUT_OF_BOUNDS_NO_POE':
      '签名时间不在签名者证书的有效期内，且没有时间戳证明签名时间。',
    'sub_indication.TRY_LATER': '暂时无法获得证书的吊销状态，请稍后再试。',
    'sub_indication.SIGNED_DATA_NOT_FOUND': '找不到被签名的数据。',
  }),
};
